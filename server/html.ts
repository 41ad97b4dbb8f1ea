// HTML escaping for the few places that write markup by hand (engine highlights, the last-resort
// error page). Templates escape with EJS's <%= %>; Markdown goes through server/markdown.ts.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
