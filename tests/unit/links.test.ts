// buildHref writes query strings by hand (a search page writes about two hundred links); it must
// write exactly what URLSearchParams would, for any text, so that links and their tests never drift.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildHref, formEncode } from '../../server/routes/links.ts';
import type { Lang } from '../../server/i18n.ts';

/** The definition: what buildHref wrote when it built a URLSearchParams. */
function referenceHref(path: string, params: Record<string, string | number | readonly string[] | undefined | null>, lang?: Lang): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(name, v);
    else search.append(name, String(value));
  }
  if (lang) search.set('lang', lang);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

const anyText = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', "l'écoute (2)", 'a+b&c=d', '~*!-._', '\uD800x', 'x\uDC00', '😀 é'));
const value = fc.oneof(anyText, fc.integer(), fc.array(anyText, { maxLength: 3 }), fc.constant(undefined), fc.constant(null));
const names = fc.constantFrom('q', 'speaker', 'question', 'lang', 'page', 'sort', 'é x');

describe('buildHref', () => {
  it('when given any parameters and any text, then it writes what URLSearchParams writes', () => {
    fc.assert(
      fc.property(fc.dictionary(names, value, { maxKeys: 5 }), fc.constantFrom<Lang | undefined>(undefined, 'fr', 'en'), (params, lang) => {
        assert.equal(buildHref('/search', params, lang), referenceHref('/search', params, lang));
      }),
      { numRuns: 2000 },
    );
  });

  it('when a value holds spaces, reserved and accented characters, then they are form-encoded', () => {
    assert.equal(formEncode("l'écoute (des) clients!~*"), 'l%27%C3%A9coute+%28des%29+clients%21%7E*');
    assert.equal(buildHref('/search', { q: 'a b', speaker: ['x', 'y'], page: 2 }, 'en'), '/search?q=a+b&speaker=x&speaker=y&page=2&lang=en');
    assert.equal(buildHref('/search', {}), '/search');
  });
});
