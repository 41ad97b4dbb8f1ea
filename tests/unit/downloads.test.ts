import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { parse as parseCsv } from 'csv-parse/sync';
import { downloadName, fileSlug, streamRows, writeInTurn, type DownloadFormat } from '../../server/routes/downloads.ts';

// streamRows behind a real Express app on port 0, with a small limit so that the cut shows.
describe('streamed downloads', () => {
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let base = '';
  const header = ['id', 'text'];
  const bigWritten: { chunks: number; addedCloseListeners: number; addedDrainListeners: number }[] = [];
  async function* batches(fail = false): AsyncGenerator<Record<string, string>[]> {
    yield [{ id: 'a', text: 'un; deux' }, { id: 'b', text: '=SUM(1)' }];
    if (fail) throw new Error('engine went away');
    yield [{ id: 'c', text: 'trois "quoted"' }, { id: 'd', text: 'quatre' }, { id: 'e', text: 'cinq' }];
  }

  before(async () => {
    const app = express();
    app.set('env', 'test'); // the default error handler stays quiet about the failure provoked below
    app.get('/rows', async (req, res, next) => {
      try {
        const format = String(req.query.format) as DownloadFormat;
        await streamRows(res, format, { what: 'test rows', filename: 'rows.csv', total: 5, limit: Number(req.query.limit ?? 3), header }, batches(req.query.fail === '1'));
      } catch (error) {
        next(error);
      }
    });
    // 64 chunks of 256 KB: far more than the sockets hold, so writeInTurn waits on most of them.
    app.get('/big', async (_req, res) => {
      res.type('text/plain');
      const before = { close: res.listenerCount('close'), drain: res.listenerCount('drain') };
      let chunks = 0;
      for (; chunks < 64 && !res.destroyed; chunks++) await writeInTurn(res, 'x'.repeat(256 * 1024));
      bigWritten.push({ chunks, addedCloseListeners: res.listenerCount('close') - before.close, addedDrainListeners: res.listenerCount('drain') - before.drain });
      res.end();
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when the rows pass the limit, then the headers and a last row say where the file stopped', async () => {
    const response = await fetch(`${base}/rows?format=csv-fr`);
    assert.equal(response.headers.get('x-export-truncated'), 'true');
    assert.equal(response.headers.get('x-export-total'), '5');
    assert.equal(response.headers.get('x-export-limit'), '3');
    const text = await response.text();
    const rows = parseCsv(text, { bom: true, delimiter: ';', relax_column_count: true }) as string[][];
    assert.deepEqual(rows[0], ['id', 'text']);
    assert.deepEqual(rows.slice(1, 4).map((r) => r[0]), ['a', 'b', 'c']);
    assert.equal(rows[2]?.[1], "'=SUM(1)", 'a formula is made inert');
    assert.equal(rows[1]?.[1], 'un; deux', 'a semicolon inside a cell is quoted');
    assert.match(rows[4]?.[0] ?? '', /^# stopped at 3 of 5 rows \(limit 3\)/);
    assert.equal(rows.length, 5);
  });

  it('when the rows fit, then nothing is said to be cut', async () => {
    const response = await fetch(`${base}/rows?format=csv&limit=10`);
    assert.equal(response.headers.get('x-export-truncated'), 'false');
    assert.doesNotMatch(await response.text(), /stopped at/);
  });

  it('when JSON is asked for, then its header object gives total, rows, limit and truncated', async () => {
    const body = (await (await fetch(`${base}/rows?format=json`)).json()) as { export: Record<string, unknown>; rows: { id: string }[] };
    assert.deepEqual({ ...body.export, generated: undefined }, { what: 'test rows', total: 5, rows: 3, limit: 3, truncated: true, generated: undefined });
    assert.deepEqual(body.rows.map((r) => r.id), ['a', 'b', 'c']);
  });

  it('when the source fails half way, then the download fails instead of looking complete', async () => {
    const response = await fetch(`${base}/rows?format=json&limit=10&fail=1`);
    await assert.rejects(response.text());
  });

  /** GET /big through a client that reads `take` bytes slowly (a pause between reads), then stops or reads on. */
  function slowRead(take: number, leave: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(`${base}/big`, (res) => {
        let read = 0;
        res.on('data', (data: Buffer) => {
          read += data.length;
          res.pause();
          if (leave && read >= take) {
            req.destroy();
            resolve(read);
            return;
          }
          setTimeout(() => res.resume(), 1);
        });
        res.on('end', () => resolve(read));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('when a client reads slowly, then the download waits for it and leaves no listener behind on the response', async () => {
    bigWritten.length = 0;
    const read = await slowRead(Infinity, false);
    assert.equal(read, 64 * 256 * 1024);
    assert.deepEqual(bigWritten, [{ chunks: 64, addedCloseListeners: 0, addedDrainListeners: 0 }]);
  });

  it('when a client leaves half way, then the download stops instead of waiting for ever', async () => {
    bigWritten.length = 0;
    await slowRead(2 * 1024 * 1024, true);
    for (let i = 0; i < 200 && bigWritten.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(bigWritten.length, 1, 'the handler finished');
    assert.ok(bigWritten[0]!.chunks < 64, `it wrote ${bigWritten[0]!.chunks} chunks to a client that left`);
  });

  it('when a name is made for a download, then it is plain ASCII words saying what is inside', () => {
    assert.equal(fileSlug('Qui est « in », qui est out ?'), 'qui-est-in-qui-est-out');
    assert.equal(downloadName(['search', 'stratégie', 'speaker-sandra'], 'csv-fr'), 'contrepoint-search-strategie-speaker-sandra-point-virgule.csv');
    assert.equal(downloadName(['question', 'q1', 'matrix'], 'ris'), 'contrepoint-question-q1-matrix.ris');
  });
});
