// HTML escaping for the few places that write markup by hand (engine highlights, the last-resort
// error page). Templates escape with EJS's <%= %>; Markdown goes through server/markdown.ts.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Cuts an engine highlight (escaped text with <mark> tags, nothing else) to about `max` visible
 * characters around its first match, on word boundaries, with "…" where text was cut. Entities
 * and marks are never split, so the result stays HTML-safe. `lead`: visible characters kept before
 * the first match.
 */
export function cropHighlight(html: string, max: number, lead = Math.round(max * 0.3)): string {
  const units: { text: string; marked: boolean }[] = [];
  let marked = false;
  for (const piece of html.match(/<mark>|<\/mark>|&[#a-zA-Z0-9]+;|[\s\S]/gu) ?? []) {
    if (piece === '<mark>') marked = true;
    else if (piece === '</mark>') marked = false;
    else units.push({ text: piece, marked });
  }
  if (units.length <= max) return html;
  const isSpace = (i: number): boolean => /^\s$/.test(units[i]?.text ?? '');
  const first = Math.max(0, units.findIndex((u) => u.marked));
  let start = first <= lead ? 0 : first - lead;
  if (start > 0) {
    for (let i = start; i < first; i++) {
      if (isSpace(i)) {
        start = i + 1;
        break;
      }
    }
  }
  let end = Math.min(units.length, start + max);
  if (end < units.length) {
    for (let i = end; i > start + max * 0.6; i--) {
      if (isSpace(i)) {
        end = i;
        break;
      }
    }
  }
  let out = start > 0 ? '…' : '';
  let open = false;
  for (const unit of units.slice(start, end)) {
    if (unit.marked !== open) {
      out += open ? '</mark>' : '<mark>';
      open = unit.marked;
    }
    out += unit.text;
  }
  if (open) out += '</mark>';
  return end < units.length ? `${out.trimEnd()}…` : out;
}
