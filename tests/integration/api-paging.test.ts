// Results larger than one engine page (100): comparisons and CSV downloads page through them.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
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
