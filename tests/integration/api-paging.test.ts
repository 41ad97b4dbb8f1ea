// Results larger than one engine page (100): comparisons and CSV downloads page through them.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportAif } from '../../server/io/export.ts';
import { startApp, type StartedApp } from '../helpers/start-app.ts';

const PRO_UNITS = 230;
const CON_UNITS = 20;

let dir: string;
let app: StartedApp;

async function writeCorpus(root: string): Promise<void> {
  await mkdir(path.join(root, 'debates'), { recursive: true });
  await writeFile(path.join(root, 'speakers.yaml'), '- id: pro\n  name: Pro Speaker\n- id: con\n  name: Con Speaker\n');
  await writeFile(
    path.join(root, 'questions.yaml'),
    '- id: tax\n  title: Faut-il une taxe ?\n  titleEn: Should there be a tax?\n  positions:\n    - id: yes\n      label: Oui\n    - id: no\n      label: Non\n    - id: maybe\n      label: Peut-être\n',
  );
  const units: string[] = [];
  for (let i = 1; i <= PRO_UNITS + CON_UNITS; i += 1) {
    const pro = i <= PRO_UNITS;
    units.push(`## u-${i}\n- speaker: ${pro ? 'pro' : 'con'}\n- kind: argument\n- question: tax\n- position: ${pro ? 'yes' : 'no'}\n\nArgument number ${i} about the tax.\n`);
  }
  await writeFile(
    path.join(root, 'debates', 'big.md'),
    `---\nslug: big\ntitle: Big debate\ndate: 2020-01-01\nmedium: other\nlanguage: en\nparticipants: [pro, con]\n---\n\nMany units.\n\n${units.join('\n')}`,
  );
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-paging-'));
  await writeCorpus(dir);
  app = await startApp({ dataDir: dir });
});

after(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

test('when a speaker has more than 100 units on the question, then the comparison holds all of them', async () => {
  const response = await fetch(`${app.baseUrl}/api/compare?speaker=pro&speaker=con&question=tax`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { columns: { speaker: string; total: number; positions: { position: string | null; units: { id: string }[] }[] }[] };
  const [pro, con] = body.columns;
  assert.equal(pro?.total, PRO_UNITS);
  assert.deepEqual(pro?.positions.map((p) => [p.position, p.units.length]), [['tax:yes', PRO_UNITS], ['tax:no', 0], ['tax:maybe', 0]]);
  assert.equal(new Set(pro?.positions.flatMap((p) => p.units.map((u) => u.id))).size, PRO_UNITS);
  assert.deepEqual(con?.positions.map((p) => [p.position, p.units.length]), [['tax:yes', 0], ['tax:no', CON_UNITS], ['tax:maybe', 0]]);
});

test('when every match is downloaded as CSV, then all rows come, past the first 100', async () => {
  const response = await fetch(`${app.baseUrl}/api/search?format=csv&q=tax`);
  const rows = parse(await response.text(), { bom: true }) as string[][];
  assert.equal(rows.length, 1 + PRO_UNITS + CON_UNITS);
  assert.equal(new Set(rows.slice(1).map((r) => r[0])).size, PRO_UNITS + CON_UNITS);
});

test('when the last page is asked for, then it holds the remainder', async () => {
  const response = await fetch(`${app.baseUrl}/api/search?limit=100&page=3`);
  const body = (await response.json()) as { total: number; hits: unknown[] };
  assert.equal(body.total, PRO_UNITS + CON_UNITS);
  assert.equal(body.hits.length, PRO_UNITS + CON_UNITS - 200);
});

interface UnitsPageBody {
  units: { id: string }[];
  unitsPage: { page: number; limit: number; total: number; pages: number };
}

test('when a debate of 250 units is asked from the API, then it answers one page of 100 units and says how many pages there are', async () => {
  const get = async (query: string): Promise<UnitsPageBody & { relations: unknown[]; participants: { id: string }[] }> => {
    const response = await fetch(`${app.baseUrl}/api/debates/big${query}`);
    assert.equal(response.status, 200);
    return (await response.json()) as UnitsPageBody & { relations: unknown[]; participants: { id: string }[] };
  };
  const first = await get('');
  assert.deepEqual(first.unitsPage, { page: 1, limit: 100, total: 250, pages: 3 });
  assert.deepEqual(first.units.map((u) => u.id), Array.from({ length: 100 }, (_, i) => `u-${i + 1}`));
  const last = await get('?page=3');
  assert.deepEqual(last.units.map((u) => u.id), Array.from({ length: 50 }, (_, i) => `u-${i + 201}`));
  // Participants are the debate's, not the page's: the con speaker only speaks on page 3.
  assert.deepEqual(first.participants.map((p) => p.id).sort(), ['con', 'pro']);
  const small = await get('?limit=7&page=2');
  assert.deepEqual(small.units.map((u) => u.id), ['u-8', 'u-9', 'u-10', 'u-11', 'u-12', 'u-13', 'u-14']);
  assert.deepEqual(small.unitsPage, { page: 2, limit: 7, total: 250, pages: 36 });
  const past = await get('?page=4');
  assert.deepEqual(past.units, []);
  assert.equal(past.unitsPage.total, 250);
});

test('when a speaker or a question has more units than a page, then the API pages them; a question pages across its position groups in order', async () => {
  const speaker = (await (await fetch(`${app.baseUrl}/api/speakers/pro?limit=200&page=2`)).json()) as UnitsPageBody;
  assert.deepEqual(speaker.unitsPage, { page: 2, limit: 200, total: PRO_UNITS, pages: 2 });
  assert.deepEqual(speaker.units.map((u) => u.id), Array.from({ length: 30 }, (_, i) => `u-${i + 201}`));

  type QuestionBody = { groups: { position: string | null; units: { id: string }[] }[]; unitsPage: UnitsPageBody['unitsPage']; matrix: { cells: { speaker: string; position: string | null; count: number }[] } };
  const question = (await (await fetch(`${app.baseUrl}/api/questions/tax?page=3`)).json()) as QuestionBody;
  assert.deepEqual(question.unitsPage, { page: 3, limit: 100, total: PRO_UNITS + CON_UNITS, pages: 3 });
  // Page 3 holds units 201-250 of the reading order: the last 30 "yes", then the 20 "no".
  assert.deepEqual(question.groups.map((g) => [g.position, g.units.length]), [['tax:yes', 30], ['tax:no', 20], ['tax:maybe', 0]]);
  assert.equal(question.groups[0]?.units[0]?.id, 'u-201');
  // The matrix counts every unit whatever the page.
  assert.equal(question.matrix.cells.find((c) => c.speaker === 'pro' && c.position === 'tax:yes')?.count, PRO_UNITS);
});

test('when the page or limit of an item is malformed, then the API answers 400 naming it', async () => {
  for (const [query, name] of [['?limit=0', 'limit'], ['?limit=501', 'limit'], ['?page=0', 'page'], ['?page=x', 'page'], ['?offset=3', 'offset']] as const) {
    const response = await fetch(`${app.baseUrl}/api/debates/big${query}`);
    assert.equal(response.status, 400, query);
    const body = (await response.json()) as { error: { message: string } };
    assert.match(body.error.message, new RegExp(name), query);
  }
});

test('when a search of 250 units is downloaded as AIF, then the streamed map is byte for byte the JSON of the whole document', async () => {
  const response = await fetch(`${app.baseUrl}/api/search?debate=big&format=aif`);
  assert.equal(response.status, 200);
  const text = await response.text();
  const map = JSON.parse(text) as { nodes: { nodeID: string; type: string }[]; edges: unknown[] };
  const ids = map.nodes.filter((n) => n.type === 'L').map((n) => n.nodeID);
  assert.equal(ids.length, PRO_UNITS + CON_UNITS);
  // 750 nodes and 500 edges: written in several chunks of 500, with turns of the event loop between.
  assert.equal(map.nodes.length, 3 * (PRO_UNITS + CON_UNITS));
  assert.equal(text, JSON.stringify(exportAif(app.deps.corpus.corpus, { units: ids })));
});
