// The one module that builds the site's links: permalinks, page links with their query strings, and
// the absolute base that makes a permalink shareable. The URL scheme lives here and nowhere else.
// Pure functions, no Express. The permalink itself (unitUrl) lives in server/permalinks.ts, a leaf the
// services use too; it is re-exported here so that the routes find every link in one module.

import type { IncomingMessage } from 'node:http';
import type { Lang } from '../i18n.ts';

export { unitUrl } from '../permalinks.ts';

export type LinkParams = Record<string, string | number | readonly string[] | undefined | null>;

/**
 * A site link with its query string. `lang` is carried only when the reader chose it with
 * `?lang=`, so that links stay clean for everyone else and the choice survives navigation.
 */
export function buildHref(path: string, params: LinkParams = {}, lang?: Lang): string {
  const pairs: string[] = [];
  let langWritten = false;
  for (const name in params) {
    const value = params[name];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (lang && name === 'lang') {
      // The reader's choice replaces a `lang` among the parameters, in its place.
      if (!langWritten) pairs.push(`lang=${formEncode(lang)}`);
      langWritten = true;
    } else if (Array.isArray(value)) for (const v of value as readonly string[]) pairs.push(`${formEncode(name)}=${formEncode(v)}`);
    else pairs.push(`${formEncode(name)}=${formEncode(String(value))}`);
  }
  if (lang && !langWritten) pairs.push(`lang=${formEncode(lang)}`);
  return pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
}

/**
 * A query-string component as URLSearchParams writes it (application/x-www-form-urlencoded: space
 * as "+", everything but letters, digits and `*-._` percent-encoded), without building one: a
 * search page writes about two hundred links.
 */
export function formEncode(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // A lone surrogate: URLSearchParams writes U+FFFD for it.
    encoded = encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  }
  return encoded.replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function speakerHref(id: string, lang?: Lang): string {
  return buildHref(`/speakers/${encodeURIComponent(id)}`, {}, lang);
}

export function questionHref(id: string, lang?: Lang): string {
  return buildHref(`/questions/${encodeURIComponent(id)}`, {}, lang);
}

/** A debate page, or a unit's place on it when `unitId` is given. */
export function debateHref(slug: string, lang?: Lang, unitId?: string): string {
  const page = buildHref(`/debates/${encodeURIComponent(slug)}`, {}, lang);
  return unitId === undefined ? page : `${page}#${encodeURIComponent(unitId)}`;
}

export function searchHref(params: LinkParams, lang?: Lang): string {
  return buildHref('/search', params, lang);
}

/**
 * The absolute base of permalinks (citations, CSV, the API's `citation`): the configured public
 * base URL, or else the address this server listens on as the connection shows it. Never a client
 * header (Host, X-Forwarded-*): a forged header must not put another site into a shared citation.
 */
export function publicBaseUrl(req: Pick<IncomingMessage, 'socket'>, configured: string | null): string {
  if (configured) return configured;
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort ?? 80}`;
}
