// The breaker that makes searches fail fast while the search server is down, and recover by itself.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { SearchUnavailableError } from '../../server/errors.ts';
import { CircuitBreaker, OPEN_CIRCUIT_MESSAGE, type CircuitState } from '../../server/search/meilisearch/circuit-breaker.ts';

const outage = (): never => {
  throw new SearchUnavailableError('search unavailable: Meilisearch at http://10.0.0.1:7700 did not answer (timed out)');
};
const isOutage = (error: unknown): boolean => error instanceof SearchUnavailableError;

async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

describe('circuit breaker', () => {
  test('when fewer failures than the threshold happen, then every call still reaches the server', async () => {
    let calls = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, probeIntervalMs: 10_000, probe: async () => {} });
    for (let i = 0; i < 2; i++) await assert.rejects(breaker.run(async () => (calls++, outage()), isOutage), SearchUnavailableError);
    assert.equal(breaker.state, 'closed');
    assert.equal(await breaker.run(async () => (calls++, 'answer'), isOutage), 'answer');
    assert.equal(calls, 3);
    assert.equal(breaker.consecutiveFailures, 0, 'a success resets the count');
    breaker.dispose();
  });

  test('when the threshold is reached, then calls fail at once without reaching the server, with a public message', async () => {
    let calls = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, probeIntervalMs: 10_000, probe: async () => outage() });
    for (let i = 0; i < 3; i++) await assert.rejects(breaker.run(async () => (calls++, outage()), isOutage));
    assert.equal(breaker.state, 'open');
    const error = await breaker.run(async () => (calls++, 'answer'), isOutage).then(
      () => assert.fail('an open breaker must refuse'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SearchUnavailableError);
    assert.equal(error.publicMessage, OPEN_CIRCUIT_MESSAGE);
    assert.doesNotMatch(error.publicMessage, /10\.0\.0\.1|http/);
    assert.equal(calls, 3, 'the refused call never reached the server');
    breaker.dispose();
  });

  test('when errors are not outages (a bad filter the server refused), then the breaker stays closed', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, probeIntervalMs: 10_000, probe: async () => {} });
    for (let i = 0; i < 5; i++) {
      await assert.rejects(
        breaker.run(async () => {
          throw new Error('invalid filter');
        }, isOutage),
      );
    }
    assert.equal(breaker.state, 'closed');
    breaker.dispose();
  });

  test('when a background probe succeeds, then the breaker closes by itself and calls go through again', async () => {
    let serverUp = false;
    let probes = 0;
    const changes: CircuitState[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      probeIntervalMs: 10,
      probe: async () => {
        probes++;
        if (!serverUp) outage();
      },
      onStateChange: (state) => changes.push(state),
    });
    await assert.rejects(breaker.run(async () => outage(), isOutage));
    assert.equal(breaker.state, 'open');
    await waitFor(() => probes >= 2);
    assert.equal(breaker.state, 'open', 'failed probes keep it open');
    serverUp = true;
    await waitFor(() => breaker.state === 'closed');
    assert.equal(await breaker.run(async () => 'answer', isOutage), 'answer');
    assert.deepEqual(changes, ['open', 'closed']);
    breaker.dispose();
  });

  test('when disposed while open, then it stops probing', async () => {
    let probes = 0;
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      probeIntervalMs: 5,
      probe: async () => {
        probes++;
        outage();
      },
    });
    await assert.rejects(breaker.run(async () => outage(), isOutage));
    await waitFor(() => probes >= 1);
    breaker.dispose();
    const seen = probes;
    await sleep(50);
    assert.ok(probes <= seen + 1, `probes went on after dispose: ${seen} then ${probes}`);
  });
});
