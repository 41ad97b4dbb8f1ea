// The seed re-read with several codes per unit: the headline comparison (Sébastien vs Genaro on who
// owns community management) has units in both columns, and each unit shows under every code.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApp, type StartedApp } from '../helpers/start-app.ts';

let app: StartedApp;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app.close();
});

async function get(path: string): Promise<{ status: number; text: string; json: <T>() => T }> {
  const response = await fetch(`${app.baseUrl}${path}`);
  const text = await response.text();
  return { status: response.status, text, json: <T>() => JSON.parse(text) as T };
}

interface Comparison {
  columns: { speaker: string; total: number; positions: { position: string | null; units: { id: string; text: string; codes: { position: string | null }[] }[] }[] }[];
}

/**
 * Every code the re-reading added beyond a unit's first one, with the words of the unit's own text
 * that support it: the test fails if a code loses its grounding in the text.
 */
const ADDED_CODES: { unit: string; code: string; because: string }[] = [
  { unit: 'seb-internaliser', code: 'appartenance:interne', because: 'internalisée dans les entreprises' },
  { unit: 'genaro-a-qui-appartient', code: 'internalisation', because: 'la fonction doit-elle est externalisée ? confiée aux agences' },
  { unit: 'genaro-fonction-artificielle', code: 'poste-ou-competence:competence', because: 'devrait être intégrée plus généralement à la communication, aux RP ou au CRM' },
  { unit: 'comment-seb-effet-de-mode', code: 'webmaster-2-0', because: 'des missions qui étaient dévolues au webmaster précédemment…cela n\'empêche pas que je sais qu\'il y a de grandes différences entre les 2' },
  { unit: 'comment-yvain-webmaster', code: 'strategie:ne-s-improvise-pas', because: 'il y a une réelle stratégie à élaborer' },
  { unit: 'comment-yvain-stagiaire', code: 'nature-du-travail:ecoute', because: 'il faut apprendre à connaitre les internautes a qui l\'on s\'adresse, leur comportement, leur réaction , pour ensuite adapter sa position' },
  { unit: 'comment-yvain-strategie', code: 'nature-du-travail:communaute-au-centre', because: 'surtout des INTERNAUTES (oui ce sont eux les plus importants)' },
  { unit: 'comment-seb-webmaster-2-0', code: 'webmaster-2-0:bien-plus', because: 'je pense qu\'un CM est bien plus que cela' },
  { unit: 'comment-seb-webmaster-2-0', code: 'stagiaire:non', because: 'ils vont prendre un pti jeune, un gars presque digital native qui fera tout et puis ce sera bien' },
  { unit: 'comment-yvain-homme-a-tout-faire', code: 'webmaster-2-0:bien-plus', because: 'alors que cela nécessite de nombreuses compétences' },
];

describe('the seed re-read with several codes per unit', () => {
  it('when a unit has more than one code, then each added code is listed here with the words of its text that support it', () => {
    const { corpus } = app.deps.corpus;
    const added = corpus.units.flatMap((u) => (u.codes ?? []).slice(1).map((c) => `${u.id} ${c.question}${c.position ? `:${c.position}` : ''}`));
    assert.deepEqual(added.sort(), ADDED_CODES.map((a) => `${a.unit} ${a.code}`).sort());
    for (const { unit, because } of ADDED_CODES) {
      const text = app.deps.corpus.unitById.get(unit)?.text ?? '';
      assert.ok(text.includes(because), `${unit} says "${because}"`);
    }
  });
});

describe('the seed compared on "À qui appartient le community management ?"', () => {
  it('when Sébastien and Genaro are compared, then both columns hold units, each under the position its text takes', async () => {
    const res = await get('/api/compare?question=appartenance&speaker=sebastien-robin&speaker=genaro');
    assert.equal(res.status, 200);
    const body = res.json<Comparison>();
    const byPosition = (speaker: string): Record<string, string[]> => {
      const column = body.columns.find((c) => c.speaker === speaker);
      assert.ok(column, speaker);
      return Object.fromEntries(column.positions.filter((p) => p.units.length > 0).map((p) => [p.position ?? '(none)', p.units.map((u) => u.id)]));
    };
    // In-house, not an agency: "La fonction devrait être internalisée dans les entreprises".
    assert.deepEqual(byPosition('sebastien-robin'), { 'appartenance:interne': ['seb-internaliser'] });
    assert.deepEqual(byPosition('genaro'), {
      'appartenance:marketing': ['genaro-5e-p'],
      'appartenance:fonction-transverse': ['genaro-fonction-artificielle'],
      '(none)': ['genaro-a-qui-appartient'],
    });
    const seb = body.columns[0]?.positions.flatMap((p) => p.units) ?? [];
    assert.match(seb[0]?.text ?? '', /internalisée dans les entreprises/);
    // The unit keeps its first code too: it still answers the internalisation question.
    assert.deepEqual(seb[0]?.codes.map((c) => c.position), ['internalisation:interne', 'appartenance:interne']);
  });

  it('when a unit has two codes, then search finds it under each and the facets count it under each', async () => {
    for (const position of ['internalisation:interne', 'appartenance:interne']) {
      const res = await get(`/api/search?position=${encodeURIComponent(position)}`);
      assert.deepEqual(res.json<{ hits: { id: string }[] }>().hits.map((h) => h.id), ['seb-internaliser'], position);
    }
    const all = (await get('/api/search?speaker=sebastien-robin')).json<{ total: number; facets: { question: Record<string, number> } }>();
    assert.equal(all.facets.question.internalisation, 1);
    assert.equal(all.facets.question.appartenance, 1);
    assert.equal(all.facets.question.stagiaire, 2, 'seb-pas-stagiaire and the "pti jeune" comment');
    const sum = Object.values(all.facets.question).reduce((a, b) => a + b, 0);
    assert.ok(sum > all.total - 1, 'units with several codes count under each question');
  });

  it('when the question page is shown, then its matrix counts a unit under each of its codes', async () => {
    const body = (await get('/api/questions/appartenance')).json<{ matrix: { cells: { speaker: string; position: string | null; count: number }[] } }>();
    const cell = body.matrix.cells.find((c) => c.speaker === 'sebastien-robin' && c.position === 'appartenance:interne');
    assert.equal(cell?.count, 1);
    const page = await get('/questions/appartenance');
    assert.equal(page.status, 200);
    assert.match(page.text, /seb-internaliser/);
  });

  it('when the speaker page is shown, then it lists the positions of every code', async () => {
    const body = (await get('/api/speakers/sebastien-robin')).json<{ positions: { question: { id: string }; positions: { key: string; count: number }[] }[] }>();
    const keys = body.positions.flatMap((q) => q.positions.map((p) => `${p.key}=${p.count}`));
    for (const expected of ['internalisation:interne=1', 'appartenance:interne=1', 'webmaster-2-0:bien-plus=1', 'stagiaire:non=2']) assert.ok(keys.includes(expected), `${expected} in ${keys.join(', ')}`);
    const page = await get('/speakers/sebastien-robin');
    assert.match(page.text, /À l&#39;entreprise elle-même, en interne plutôt qu&#39;à une agence/);
  });

  it('when the unit is shown, then its card has a badge per code', async () => {
    const page = await get('/u/seb-internaliser');
    const html = page.status === 302 || page.status === 301 ? '' : page.text;
    const unitPage = html || (await get('/debates/narocast-0-community-management')).text;
    const card = unitPage.slice(unitPage.indexOf('data-unit="seb-internaliser"'));
    const header = card.slice(0, card.indexOf('</header>'));
    assert.match(header, /Internalisé dans l&#39;entreprise/);
    assert.match(header, /À l&#39;entreprise elle-même/);
  });
});
