import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../server/logger.ts';

function capture(level: Parameters<typeof createLogger>[0]): string[] {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line) => lines.push(line) });
  logger.error('boom');
  logger.info('hello');
  logger.debug('details');
  return lines;
}

test('when the level is silent, then nothing is written', () => {
  assert.deepEqual(capture('silent'), []);
});

test('when the level is error, then only errors are written', () => {
  const lines = capture('error');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /error boom\n$/);
});

test('when the level is info, then errors and info are written but not debug', () => {
  const lines = capture('info');
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /info {2}hello/);
});

test('when the level is debug, then everything is written', () => {
  assert.equal(capture('debug').length, 3);
});
