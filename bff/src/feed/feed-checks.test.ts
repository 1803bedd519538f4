import type { EntityManager } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DATABASE_TIMEOUT_MS } from '../db/data-source.js';
import { StorageTimeoutError } from '../db/faults.js';
import { FeedCheckBatches } from './feed-checks.js';

/** A database whose statements are counted and answer only when `answer` is called (never, for a stalled one). */
function database() {
  const pending: (() => void)[] = [];
  const manager = {
    connection: {},
    query: vi.fn(
      () =>
        new Promise((resolve) => {
          pending.push(() => resolve([{ kind: 0, a: '7', b: 0, n: 0 }]));
        }),
    ),
  };
  return { manager: manager as unknown as EntityManager, query: manager.query, answer: () => pending.splice(0).forEach((done) => done()) };
}

const settled = async <T>(promises: Promise<T>[]) => {
  await vi.advanceTimersByTimeAsync(0);
  return Promise.allSettled(promises);
};

describe('FeedCheckBatches', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] }));
  afterEach(() => vi.useRealTimers());

  it('serves readers who ask together with one statement per hundred', async () => {
    const db = database();
    const batches = new FeedCheckBatches(db.manager);
    const checks = Array.from({ length: 150 }, (_, index) => batches.check('1', String(index + 1), []));
    await vi.advanceTimersByTimeAsync(0);
    expect(db.query).toHaveBeenCalledTimes(1);
    db.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(db.query).toHaveBeenCalledTimes(2);
    db.answer();
    const answers = await settled(checks);
    expect(answers.every((answer) => answer.status === 'fulfilled' && answer.value?.version === '7')).toBe(true);
  });

  it('fails every queued reader once the database timeout has passed since it asked, however long the queue', async () => {
    const db = database();
    const batches = new FeedCheckBatches(db.manager);
    let failed = 0;
    const checks = Array.from({ length: 350 }, (_, index) => batches.check('1', String(index + 1), ['9']));
    for (const check of checks) check.catch(() => (failed += 1));
    await vi.advanceTimersByTimeAsync(DEFAULT_DATABASE_TIMEOUT_MS - 1);
    expect(failed).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(failed).toBe(350);
    const answers = await settled(checks);
    expect(answers.every((answer) => answer.status === 'rejected' && answer.reason instanceof StorageTimeoutError)).toBe(true);
    // Only the stalled statement was sent: the readers behind it left the queue instead of waiting for their turn.
    db.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(db.query).toHaveBeenCalledTimes(1);
  });
});
