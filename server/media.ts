// A debate's recording, as the site uses it: an audio or video file the page can play, a page on
// a video platform it can link to at a given second, or any other page (a plain link). And the
// time codes of units: their seconds, and how they are shown (1:02:03, 2:03).

/** Video platforms whose pages take a start time in the URL, and how. */
const PLATFORMS: { name: string; hosts: RegExp; path?: RegExp; at: (url: URL, seconds: number) => URL }[] = [
  {
    name: 'YouTube',
    hosts: /(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be)$/,
    at: (url, seconds) => withParam(url, 't', `${seconds}s`),
  },
  { name: 'Vimeo', hosts: /(^|\.)vimeo\.com$/, at: (url, seconds) => withHash(url, `t=${seconds}s`) },
  { name: 'Dailymotion', hosts: /(^|\.)(dailymotion\.com|dai\.ly)$/, at: (url, seconds) => withParam(url, 'start', String(seconds)) },
  { name: 'Twitch', hosts: /(^|\.)twitch\.tv$/, at: (url, seconds) => withParam(url, 't', twitchTime(seconds)) },
  // PeerTube instances have any host name; their video pages have one of two paths.
  { name: 'PeerTube', hosts: /^$/, path: /^\/(?:w|videos\/watch)\/[\w-]+\/?$/, at: (url, seconds) => withParam(url, 'start', `${seconds}s`) },
];

const AUDIO = /\.(mp3|m4a|aac|oga|ogg|opus|wav|flac|weba)$/i;
const VIDEO = /\.(mp4|m4v|webm|ogv|mov|mkv)$/i;

export type MediaKind = 'audio' | 'video' | 'platform' | 'page';

export interface Media {
  url: string;
  kind: MediaKind;
  /** The platform's name, for a platform page. */
  platform?: string;
  /** Seconds added to every time code to find the moment in the recording. */
  offset: number;
}

/** What a media URL is; undefined for anything that is not an http(s) URL. */
export function describeMedia(url: string | undefined, offset?: string): Media | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const base = { url: parsed.href, offset: offset ? (timecodeSeconds(offset) ?? 0) : 0 };
  const platform = PLATFORMS.find((p) => p.hosts.test(parsed.hostname) || p.path?.test(parsed.pathname));
  if (platform) return { ...base, kind: 'platform', platform: platform.name };
  if (AUDIO.test(parsed.pathname)) return { ...base, kind: 'audio' };
  if (VIDEO.test(parsed.pathname)) return { ...base, kind: 'video' };
  return { ...base, kind: 'page' };
}

/** Where a time code points: the media at that moment (offset added), or undefined without playable media. */
export function mediaLinkAt(media: Media | undefined, timecode: string): string | undefined {
  const seconds = timecodeSeconds(timecode);
  if (!media || seconds === undefined) return undefined;
  const at = Math.max(0, Math.round(seconds + media.offset));
  if (media.kind === 'audio' || media.kind === 'video') return withHash(new URL(media.url), `t=${at}`).href;
  if (media.kind === 'platform') {
    const platform = PLATFORMS.find((p) => p.name === media.platform);
    return platform?.at(new URL(media.url), at).href;
  }
  return undefined;
}

/** Seconds of "mm:ss" or "hh:mm:ss" (what the corpus accepts); undefined for anything else. */
export function timecodeSeconds(timecode: string): number | undefined {
  if (!/^\d{1,3}(?::\d{1,2}){1,2}$/.test(timecode)) return undefined;
  return timecode.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** A time code as people read it: `1:02:03` past an hour, else `2:03`; no leading zero. */
export function displayTimecode(timecode: string): string {
  const seconds = timecodeSeconds(timecode);
  if (seconds === undefined) return timecode;
  const two = (n: number): string => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

function withParam(url: URL, key: string, value: string): URL {
  const copy = new URL(url.href);
  copy.searchParams.set(key, value);
  return copy;
}

function withHash(url: URL, hash: string): URL {
  const copy = new URL(url.href);
  copy.hash = hash;
  return copy;
}

function twitchTime(seconds: number): string {
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m${seconds % 60}s`;
}

/** What a time code links to on a page: where it points, and the second a player seeks to. */
export function timecodeTarget(media: Media | undefined, timecode: string): { href: string; seconds: number; player: boolean } | undefined {
  const href = mediaLinkAt(media, timecode);
  const seconds = timecodeSeconds(timecode);
  if (!media || !href || seconds === undefined) return undefined;
  return { href, seconds: Math.max(0, seconds + media.offset), player: media.kind === 'audio' || media.kind === 'video' };
}
