// Markdown from the corpus becomes HTML here and nowhere else. `marked` does not sanitise, so
// every output goes through sanitize-html with a tight allow-list: the corpus is imported from
// the web (comments, pingbacks), and a page must never run what a commenter once typed.
//
// Three steps, each on a well-formed tree so that the output is always balanced and loses no text:
// 1. marked turns Markdown (and any raw HTML in it) into HTML;
// 2. parse5, the WHATWG parser browsers follow, reads it as a fragment, exactly as a browser would
//    inside the page; on that tree an image becomes its alt text, a link with a refused target
//    (javascript:, relative, ...) or nested in another link is replaced by its content, and the
//    tree is written back out balanced;
// 3. sanitize-html keeps only the allowed tags and attributes (it only removes tags, never renames
//    one to a tag it would then refuse, which is what once left `</span>` and open links behind);
//    when it removed an element, whose content may then sit where a browser would not put it, its
//    output is read by parse5 once more and written back balanced.

import { Marked } from 'marked';
import { parseFragment, serialize, type DefaultTreeAdapterMap } from 'parse5';
import sanitizeHtml from 'sanitize-html';

type Node = DefaultTreeAdapterMap['childNode'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];
type Element = DefaultTreeAdapterMap['element'];

const marked = new Marked({ async: false, gfm: true, breaks: false });

const SAFE_SCHEMES = ['http', 'https', 'mailto'];

const BLOCK_OPTIONS: sanitizeHtml.IOptions = {
  // Tables stay tables (a GFM table in a comment, a raw one in an imported post): without them the
  // cells ran together as loose words. Only their structure and a column's alignment are kept.
  allowedTags: ['p', 'em', 'strong', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'br', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: {
    a: ['href', 'rel'],
    // rewrite() leaves only `left`, `center` or `right` here.
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: SAFE_SCHEMES,
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Text inside a removed <script> or <style> is dropped too, not shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
  // Page headings own h1 and h2: a heading in a summary or unit is demoted, not lost (h3 is allowed,
  // so the renamed tag closes like it opened).
  transformTags: { h1: 'h3', h2: 'h3' },
};

/** Absolute http(s) and mailto only: a relative link in imported text points nowhere useful here. */
function safeHref(element: Element): string | undefined {
  const href = element.attrs.find((a) => a.name === 'href')?.value.trim() ?? '';
  return /^(?:https?:\/\/|mailto:)/i.test(href) ? href : undefined;
}

function textNode(value: string, parentNode: ParentNode): Node {
  return { nodeName: '#text', value, parentNode };
}

function textOf(node: Node | ParentNode): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

/** Rewrites links and images in place; `insideLink` is true under a kept link. */
function rewrite(parent: ParentNode, insideLink: boolean): void {
  const children: Node[] = [];
  for (const child of parent.childNodes) {
    if (!('tagName' in child)) {
      children.push(child);
      continue;
    }
    if (child.tagName === 'img') {
      // Images are not shown (no third-party requests from a page); their alt text stays.
      const alt = child.attrs.find((a) => a.name === 'alt')?.value ?? '';
      if (alt !== '') children.push(textNode(alt, parent));
      continue;
    }
    if (child.tagName === 'th' || child.tagName === 'td') child.attrs = child.attrs.filter((a) => a.name === 'align' && /^(?:left|center|right)$/.test(a.value));
    const content = 'content' in child ? (child as DefaultTreeAdapterMap['template']).content : child;
    if (child.tagName === 'a') {
      const href = safeHref(child);
      rewrite(child, true);
      if (href === undefined || insideLink || textOf(child).trim() === '') {
        // A refused target, a link inside a link, or a link with no text (the parser may reopen a
        // link after a block closes it): the text stays, the link goes.
        for (const grandChild of child.childNodes) {
          grandChild.parentNode = parent;
          children.push(grandChild);
        }
        continue;
      }
      child.attrs = [
        { name: 'href', value: href },
        { name: 'rel', value: 'nofollow noopener' },
      ];
      children.push(child);
      continue;
    }
    rewrite(content, insideLink);
    children.push(child);
  }
  parent.childNodes = children;
}

/** Markdown (a summary, a unit's text) to sanitised HTML, safe to insert with `<%- %>`. */
export function renderMarkdown(text: string): string {
  return plainParagraph(text) ?? renderThroughParsers(text);
}

/**
 * Letters, digits, spaces and the punctuation of prose that Markdown gives no meaning to inside a
 * paragraph: no `* _ [ ] < > & # | \ ~ = + /`, nor `@` (GFM links e-mail addresses).
 */
const PLAIN_PROSE = /^[\p{L}\p{N} ,.;:?!'’"«»…()\n-]+$/u;

/**
 * Most units are one paragraph of plain prose, and the three parsers (marked, parse5,
 * sanitize-html) cost a third of a millisecond each time: a speaker page of fifty units held the
 * event loop 15 ms for them. Such a text renders as itself in a <p> (no character of it needs
 * escaping), which is what the parsers return for it too (a property test checks that they agree).
 * Anything that could start a block (a line opening with a space, "-", "1." or "1)", or ":", which
 * GFM reads as a table's delimiter row in "Le\n:-"), a blank line,
 * a hard break (trailing spaces) or a "www." link leaves it to the parsers.
 */
export function plainParagraph(text: string): string | null {
  if (!PLAIN_PROSE.test(text)) return null;
  if (/\n\s*\n|(?:^|\n)(?: |-|:|\d+[.)])| (?:\n|$)|^\n|\n$/.test(text) || /www\./i.test(text)) return null;
  return `<p>${text}</p>`;
}

const KEPT_TAGS = new Set([...(BLOCK_OPTIONS.allowedTags || []), ...Object.keys(BLOCK_OPTIONS.transformTags ?? {})]);

/** True when the tree holds an element sanitize-html will remove. */
function hasRemovedElement(parent: ParentNode): boolean {
  return parent.childNodes.some(
    (child) => 'tagName' in child && (!KEPT_TAGS.has(child.tagName) || hasRemovedElement('content' in child ? (child as DefaultTreeAdapterMap['template']).content : child)),
  );
}

/** The full path: Markdown to HTML, links and images rewritten, then sanitised. */
export function renderThroughParsers(text: string): string {
  const html = marked.parse(text) as string;
  const fragment = parseFragment(html);
  rewrite(fragment, false);
  const clean = sanitizeHtml(serialize(fragment), BLOCK_OPTIONS);
  // Removing an element keeps its content, which may then sit where a browser would not put it:
  // the <li> of a table cell inside a list item ("-  <table><tr><td> \n\n - ") lands directly in
  // that <li>, and a browser closes the first one there. Such output is read once more as a
  // browser reads it, and written back balanced.
  const balanced = hasRemovedElement(fragment) ? serialize(parseFragment(clean)) : clean;
  // sanitize-html writes the one void tag it allows as XHTML (`<br />`); written as the HTML parser
  // writes it back, the output is exactly what a browser's tree serialises to.
  return balanced.replaceAll('<br />', '<br>').trim();
}
