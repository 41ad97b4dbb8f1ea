import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeHtml } from '../../server/html.ts';
import { foldText, foldedWords, originalPrefixLength, tokenize } from '../../server/search/text.ts';

describe('foldText', () => {
  it('when a word has capitals and accents, then it is folded to plain lower case', () => {
    assert.equal(foldText('ÉÈÊËÇÀÂÙÛÎÏÔ éèêëçàâùûîïô'), 'eeeecaauuiio eeeecaauuiio');
    assert.equal(foldText('Stratégie'), 'strategie');
  });

  it('when a word has a ligature or ß, then it is spelled out', () => {
    assert.equal(foldText('Œuvre cœur Æsir ex æquo Straße'), 'oeuvre coeur aesir ex aequo strasse');
  });

  it('when a text has typographic apostrophes, then they become straight ones', () => {
    assert.equal(foldText('l’a dʼun `x'), "l'a d'un 'x");
  });

  it('when a text is folded twice, then nothing changes the second time', () => {
    // Found by the property below: a ligature carrying a mark folds in one pass.
    assert.equal(foldText('Ǣ ǽ'), 'ae ae');
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => foldText(foldText(text)) === foldText(text)));
  });
});

describe('tokenize', () => {
  const words = (text: string): string[] => tokenize(text).map((t) => t.folded);

  it('when a word is elided, then only the word after the apostrophe is kept, with either apostrophe', () => {
    assert.deepEqual(words("l’écoute d'un j’ai m'a n’est s'il t’aime c'est qu’il jusqu’à lorsqu'on puisqu’elle quoiqu'il"), [
      'ecoute', 'un', 'ai', 'a', 'est', 'il', 'aime', 'est', 'il', 'a', 'on', 'elle', 'il',
    ]);
    assert.deepEqual(words('L’Écoute'), ['ecoute']);
  });

  it('when an apostrophe follows another word, then it only separates', () => {
    assert.deepEqual(words("aujourd'hui don't"), ['aujourd', 'hui', 'don', 't']);
    assert.deepEqual(words("l' écoute"), ['l', 'ecoute']);
    assert.deepEqual(words("fin l'"), ['fin', 'l']);
  });

  it('when words are joined by hyphens or punctuation, then they are separate words and digits are kept', () => {
    assert.deepEqual(words('Community-Manager, (2010) : e-réputation; 3,5 €/mois — ok!'), ['community', 'manager', '2010', 'e', 'reputation', '3', '5', 'mois', 'ok']);
  });

  it('when a text is tokenised, then offsets point at the word in the original string', () => {
    const text = 'Avec l’écoute, ŒUVRE & « stratégie »';
    const tokens = tokenize(text);
    assert.deepEqual(
      tokens.map((t) => text.slice(t.start, t.end)),
      ['Avec', 'écoute', 'ŒUVRE', 'stratégie'],
    );
    assert.deepEqual(
      tokens.map((t) => t.folded),
      ['avec', 'ecoute', 'oeuvre', 'strategie'],
    );
  });

  it('when any text is tokenised, then tokens are ordered, disjoint and fold from their original slice', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        let previousEnd = 0;
        for (const token of tokenize(text)) {
          if (token.start < previousEnd || token.end <= token.start) return false;
          if (foldText(text.slice(token.start, token.end)) !== token.folded || token.folded === '') return false;
          previousEnd = token.end;
        }
        return true;
      }),
    );
  });

  it('when text has no word characters, then there are no tokens', () => {
    assert.deepEqual(tokenize(' ,;:!? — … ’ \n\t'), []);
    assert.deepEqual(foldedWords(''), []);
  });
});

describe('originalPrefixLength', () => {
  it('when a folded prefix is mapped back, then it covers the original characters, accents and ligatures whole', () => {
    assert.equal(originalPrefixLength('Stratégie', 5), 5);
    assert.equal(originalPrefixLength('Stratégie', 6), 6);
    assert.equal(originalPrefixLength('Œuvre', 1), 1);
    assert.equal(originalPrefixLength('Œuvre', 2), 1);
    assert.equal(originalPrefixLength('Œuvre', 3), 2);
    assert.equal(originalPrefixLength('e\u0301cole', 1), 2, 'a decomposed accent stays with its letter');
    assert.equal(originalPrefixLength('abc', 10), 3);
  });
});

describe('escapeHtml', () => {
  it('when text has markup characters, then all five are escaped', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
