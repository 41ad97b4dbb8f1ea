import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MEDIA, UNIT_KINDS } from '../../server/corpus/model.ts';
import { DICTIONARIES, facetLabel, formatDate, kindLabel, mediumLabel, pickLanguage, t, type MessageKey } from '../../server/i18n.ts';
import { FACET_FIELDS } from '../../server/search/engine.ts';

describe('pickLanguage', () => {
  it('when nothing is given, then the interface is French', () => {
    assert.equal(pickLanguage(undefined, undefined), 'fr');
    assert.equal(pickLanguage(undefined, ''), 'fr');
  });

  it('when ?lang= names a supported language, then it wins over Accept-Language', () => {
    assert.equal(pickLanguage('en', 'fr-FR,fr;q=0.9'), 'en');
    assert.equal(pickLanguage('fr', 'en-US,en;q=0.9'), 'fr');
    assert.equal(pickLanguage('EN-gb', 'fr'), 'en');
  });

  it('when ?lang= is unsupported, repeated or malformed, then it is ignored', () => {
    assert.equal(pickLanguage('de', 'en'), 'en');
    assert.equal(pickLanguage(['en', 'fr'], undefined), 'fr');
    assert.equal(pickLanguage({ x: 'en' }, undefined), 'fr');
    assert.equal(pickLanguage('', 'en'), 'en');
  });

  it('when Accept-Language lists several languages, then the best supported one by quality is chosen', () => {
    assert.equal(pickLanguage(undefined, 'en-US,en;q=0.9,fr;q=0.8'), 'en');
    assert.equal(pickLanguage(undefined, 'de-DE,de;q=0.9,en;q=0.5,fr;q=0.7'), 'fr');
    assert.equal(pickLanguage(undefined, 'fr;q=0.2, en;q=0.8'), 'en');
    assert.equal(pickLanguage(undefined, 'en;q=0, fr;q=0.1'), 'fr');
  });

  it('when Accept-Language has only unsupported or garbage entries, then French is the default', () => {
    assert.equal(pickLanguage(undefined, 'de, es;q=0.9'), 'fr');
    assert.equal(pickLanguage(undefined, ';;;,q=,*'), 'fr');
    assert.equal(pickLanguage(undefined, 'en;q=abc'), 'fr');
  });
});

describe('t', () => {
  it('when a key is looked up, then each language gives its own words', () => {
    assert.equal(t('fr')('nav.search'), 'Recherche');
    assert.equal(t('en')('nav.search'), 'Search');
  });

  it('when a plural entry is used, then the count picks the form with each language’s rules', () => {
    assert.equal(t('fr')('search.count', { count: 0 }), '0 résultat');
    assert.equal(t('fr')('search.count', { count: 1 }), '1 résultat');
    assert.equal(t('fr')('search.count', { count: 12 }), '12 résultats');
    assert.equal(t('en')('search.count', { count: 0 }), '0 results');
    assert.equal(t('en')('search.count', { count: 1 }), '1 result');
  });

  it('when placeholders are given, then they are filled and unknown ones are left visible', () => {
    assert.equal(t('en')('search.countFor', { count: 2, query: 'cm' }), '2 results for “cm”');
    assert.equal(t('en')('pagination.page', { page: 2 }), 'Page 2 of {pages}');
  });

  it('when the dictionaries are compared, then both have the same keys and no empty entry', () => {
    const frKeys = Object.keys(DICTIONARIES.fr).sort();
    assert.deepEqual(Object.keys(DICTIONARIES.en).sort(), frKeys);
    for (const lang of ['fr', 'en'] as const) {
      for (const key of frKeys) {
        const entry = DICTIONARIES[lang][key as MessageKey];
        const forms = typeof entry === 'string' ? [entry] : [entry.one, entry.other];
        for (const form of forms) assert.ok(form.trim().length > 0, `${lang} ${key} is empty`);
      }
    }
  });

  it('when the two languages differ, then most interface strings really are translated', () => {
    const keys = Object.keys(DICTIONARIES.fr) as MessageKey[];
    const same = keys.filter((k) => JSON.stringify(DICTIONARIES.fr[k]) === JSON.stringify(DICTIONARIES.en[k]));
    assert.ok(same.length < keys.length / 5, `too many identical entries: ${same.join(', ')}`);
  });
});

describe('labels', () => {
  it('when every kind, medium and facet field is labelled, then no label is missing in either language', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const kind of UNIT_KINDS) assert.ok(kindLabel(lang, kind).length > 0);
      for (const medium of MEDIA) assert.ok(mediumLabel(lang, medium).length > 0);
      for (const field of FACET_FIELDS) assert.ok(facetLabel(lang, field).length > 0);
    }
    assert.equal(kindLabel('fr', 'author-view'), 'avis de l’auteur');
    assert.equal(kindLabel('en', 'turn'), 'turn');
    assert.equal(facetLabel('fr', 'speaker'), 'Intervenant');
    assert.equal(facetLabel('en', 'speaker'), 'Speaker');
  });
});

describe('formatDate', () => {
  it('when a date has year, month or day precision, then it is written at that precision', () => {
    assert.equal(formatDate('fr', '2010'), '2010');
    assert.equal(formatDate('fr', '2010-07'), 'juillet 2010');
    assert.equal(formatDate('en', '2010-07'), 'July 2010');
    assert.equal(formatDate('fr', '2010-07-12'), '12 juillet 2010');
    assert.equal(formatDate('en', '2010-07-12'), '12 July 2010');
  });

  it('when the date is not ISO, then it is shown as written', () => {
    assert.equal(formatDate('en', 'summer 2010'), 'summer 2010');
  });
});
