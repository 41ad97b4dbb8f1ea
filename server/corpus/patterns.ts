// Text patterns the corpus format defines, shared by validation, import, indexing and display.

/** An ISO date of year, month or day precision: YYYY, YYYY-MM or YYYY-MM-DD (groups: year, month, day). */
export const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The same date at the start of a value that may go on with a time ("2010-07-12T10:00"). */
export const ISO_DATE_PREFIX = new RegExp(`${ISO_DATE.source.slice(0, -1)}(?:[T ].*)?$`);

/** A time code into the media: "mm:ss" (up to 999 minutes) or "h:mm:ss". */
export const TIMECODE = /^(?:\d{1,3}:[0-5]\d|\d{1,2}:[0-5]\d:[0-5]\d)$/;
