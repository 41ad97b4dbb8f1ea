// Markdown from the corpus becomes HTML here and nowhere else. `marked` does not sanitise, so
// every output goes through sanitize-html with a tight allow-list: the corpus is imported from
// the web (comments, pingbacks), and a page must never run what a commenter once typed.

import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ async: false, gfm: true, breaks: false });

const SAFE_SCHEMES = ['http', 'https', 'mailto'];

const BLOCK_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'em', 'strong', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'br', 'h3', 'h4', 'h5', 'h6'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: SAFE_SCHEMES,
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Text inside a removed <script> or <style> is dropped too, not shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
  transformTags: {
    // Page headings own h1 and h2: a heading in a summary or unit is demoted, not lost.
    h1: 'h3',
    h2: 'h3',
    // Images are not shown (no third-party requests from a page); their alt text stays.
    img: (_tagName, attribs) => ({ tagName: 'span', attribs: {}, text: attribs.alt ?? '' }),
    // A link whose target is refused keeps its text but loses the tag (span is not allowed).
    a: (_tagName, attribs) => {
      const safe = linkAttributes(attribs);
      return safe.href ? { tagName: 'a', attribs: safe } : { tagName: 'span', attribs: {} };
    },
  },
};

function linkAttributes(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const href = attribs.href?.trim() ?? '';
  // Absolute http(s) and mailto only: a relative link in imported text points nowhere useful here.
  if (!/^(?:https?:\/\/|mailto:)/i.test(href)) return {};
  return { href, rel: 'nofollow noopener' };
}

/** Markdown (a summary, a unit's text) to sanitised HTML, safe to insert with `<%- %>`. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return sanitizeHtml(html, BLOCK_OPTIONS).trim();
}
