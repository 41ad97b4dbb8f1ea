// Checks HTML the way a browser reads it: parse5 (the WHATWG parsing algorithm) builds the tree
// of a fragment, and writing that tree back must give the same text. Any unclosed tag, stray end
// tag or misnested pair changes the tree, hence the text.

import assert from 'node:assert/strict';
import { parse, parseFragment, serialize } from 'parse5';

export function assertBalancedFragment(html: string, context = ''): void {
  const roundTrip = serialize(parseFragment(html));
  assert.equal(roundTrip, html, `not balanced HTML${context ? ` (${context})` : ''}: ${html.slice(0, 500)}`);
}

/** The text content of an HTML fragment, as a browser would show it (tags removed, entities decoded). */
export function textOfHtml(html: string): string {
  const text: string[] = [];
  const walk = (node: { nodeName: string; value?: string; childNodes?: unknown[] }): void => {
    if (node.nodeName === '#text' && node.value !== undefined) text.push(node.value);
    for (const child of node.childNodes ?? []) walk(child as typeof node);
  };
  walk(parseFragment(html) as unknown as Parameters<typeof walk>[0]);
  return text.join('');
}

/** The elements of an HTML fragment as a browser builds them: tag name and attributes, in document order. */
export function elementsOfHtml(html: string): { tag: string; attributes: Record<string, string> }[] {
  const elements: { tag: string; attributes: Record<string, string> }[] = [];
  const walk = (node: { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: unknown[] }): void => {
    if (node.tagName !== undefined) elements.push({ tag: node.tagName, attributes: Object.fromEntries((node.attrs ?? []).map((a) => [a.name, a.value])) });
    for (const child of node.childNodes ?? []) walk(child as typeof node);
  };
  walk(parseFragment(html) as unknown as Parameters<typeof walk>[0]);
  return elements;
}

/**
 * For a whole page: the elements a browser would build must close where the page closes them.
 * parse5 repairs a page silently, so this compares the count of start tags written in the page with
 * the elements in its tree, and checks that `<footer>` is a child of `<body>` (no unit text may
 * wrap the rest of the page in an open link or list).
 */
export function assertPageStructure(page: string, context = ''): void {
  const document = parse(page) as unknown as { childNodes: Element[] };
  type Element = { nodeName: string; tagName?: string; childNodes?: Element[]; parentNode?: Element };
  const html = document.childNodes.find((n) => n.nodeName === 'html');
  const body = html?.childNodes?.find((n) => n.nodeName === 'body');
  assert.ok(body, `no body${context ? ` (${context})` : ''}`);
  const counts = new Map<string, number>();
  const walk = (node: Element): void => {
    if (node.tagName) counts.set(node.tagName, (counts.get(node.tagName) ?? 0) + 1);
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(html as Element);
  for (const tag of ['a', 'strong', 'em', 'p', 'li', 'ul', 'ol', 'blockquote', 'code', 'pre', 'span', 'article', 'section', 'footer', 'main']) {
    const written = (page.match(new RegExp(`<${tag}[\\s>]`, 'gi')) ?? []).length;
    const closed = (page.match(new RegExp(`</${tag}>`, 'gi')) ?? []).length;
    assert.equal(closed, written, `<${tag}> opened ${written} times but closed ${closed} times${context ? ` (${context})` : ''}`);
    assert.equal(counts.get(tag) ?? 0, written, `<${tag}>: the browser builds ${counts.get(tag) ?? 0} elements for ${written} written${context ? ` (${context})` : ''}`);
  }
}
