// buildHref writes query strings by hand (a search page writes about two hundred links); it must
// write exactly what URLSearchParams would, for any text, so that links and their tests never drift.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildHref, formEncode } from '../../server/routes/links.ts';
import { facetToggleHrefs, searchStateHref, type SearchState } from '../../server/routes/page-models/search.ts';
import { FACET_FIELDS } from '../../server/search/engine.ts';
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

describe('facetToggleHrefs', () => {
  const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('sandra', 'q:oui', "l'é x", 'a&b'));
  const values = fc.array(text, { maxLength: 3 });
  const state = fc.record({
    q: fc.oneof(fc.constant(''), text),
    filters: fc.record({ speaker: values, question: values, position: values, kind: values, debate: values }),
    sort: fc.constantFrom<SearchState['sort']>('relevance', 'date-desc', 'date-asc'),
    page: fc.integer({ min: 1, max: 5 }),
    limit: fc.constantFrom(20, 50),
  });

  it('when any facet value of any search state is toggled, then the link is the one searchStateHref writes', () => {
    fc.assert(
      fc.property(state, fc.constantFrom(...FACET_FIELDS), text, fc.constantFrom<Lang | undefined>(undefined, 'fr', 'en'), (s, field, value, lang) => {
        const expected = searchStateHref(s, lang, { filters: { ...s.filters, [field]: s.filters[field].includes(value) ? s.filters[field].filter((v) => v !== value) : [...s.filters[field], value] }, page: 1 });
        assert.equal(facetToggleHrefs(s, lang)(field, value), expected);
        // And toggling a value the state holds removes it.
        const held = s.filters[field][0];
        if (held !== undefined) {
          const removed = searchStateHref(s, lang, { filters: { ...s.filters, [field]: s.filters[field].filter((v) => v !== held) }, page: 1 });
          assert.equal(facetToggleHrefs(s, lang)(field, held), removed);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
