// compose.yaml is not run here (no Docker daemon in CI): these checks hold it to what
// docs/meilisearch.md promises, so that an edit cannot quietly unpin the image, expose the port or
// drop the master key requirement.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { parse } from 'yaml';

interface Service {
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition?: string }>;
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(await readFile('compose.yaml', 'utf8')) as Compose;
const docs = await readFile('docs/meilisearch.md', 'utf8');
const meili = compose.services.meilisearch as Service;

describe('compose.yaml', () => {
  test('when read, then Meilisearch is pinned to an exact v1 release, never latest', () => {
    assert.match(meili.image ?? '', /^getmeili\/meilisearch:v1\.\d+\.\d+$/);
  });

  test('when read, then the master key comes from the environment and is required, in production mode', () => {
    assert.match(meili.environment?.MEILI_MASTER_KEY ?? '', /^\$\{MEILI_MASTER_KEY:\?[^$}]+\}$/);
    assert.equal(meili.environment?.MEILI_ENV, 'production');
  });

  test('when read, then the data lives in a named volume and the port is bound to loopback only', () => {
    const data = (meili.volumes ?? []).find((v) => v.endsWith(':/meili_data'));
    assert.ok(data, 'a volume for /meili_data');
    const name = data.split(':')[0] as string;
    assert.ok(!name.startsWith('.') && !name.startsWith('/'), 'a named volume, not a host folder');
    assert.ok(compose.volumes && name in compose.volumes, `${name} is declared`);
    assert.deepEqual(meili.ports, ['127.0.0.1:7700:7700']);
  });

  test('when read, then every published port of every service is on loopback', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:/, `${name} publishes ${port}`);
    }
  });

  test('when the site service is there, then it is opt-in and points at the meilisearch service once it is healthy', () => {
    const site = compose.services.site;
    if (!site) return;
    assert.deepEqual(site.profiles, ['site']);
    assert.equal(site.environment?.MEILI_URL, 'http://meilisearch:7700');
    assert.match(site.environment?.MEILI_API_KEY ?? '', /^\$\{MEILI_MASTER_KEY:\?/);
    assert.equal(site.depends_on?.meilisearch?.condition, 'service_healthy');
  });

  test('when the docs describe the setup, then they use the same commands and variables', () => {
    for (const text of ['docker compose up -d', 'MEILI_MASTER_KEY', 'MEILI_URL', 'MEILI_API_KEY', 'npm run index', 'npm start']) {
      assert.ok(docs.includes(text), `docs/meilisearch.md mentions ${text}`);
    }
  });
});
