import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { RedisProcess } from '../support/redis-process.js';
import { availableServices } from '../support/services.js';
import { eventually } from '../support/eventually.js';

const { mysql } = await availableServices();

/**
 * Each Redis command gives up after a second, and the first to time out drops the connection, so
 * later commands fail at once until Redis answers again: a request waits one second at most.
 */
const BOUND_MS = 2500;

async function timed<T>(work: () => Promise<T>): Promise<{ answer: T; ms: number }> {
  const started = performance.now();
  const answer = await work();
  return { answer, ms: performance.now() - started };
}

describe.skipIf(!mysql)('the BFF when its Redis fails', () => {
  let redis: RedisProcess;
  let server: TestServer;
  let walkers: TestUser[];
  let steps = 8000;

  const board = (user: TestUser) => call(server, 'GET', '/api/v1/leaderboards/daily?limit=10', { token: user.token });

  async function stillServes(): Promise<void> {
    steps += 100;
    const sync = await timed(() => syncSteps(server, walkers[0], steps));
    expect(sync.answer.status).toBe(200);
    expect(sync.answer.body.steps).toBe(steps);
    expect(sync.ms).toBeLessThan(BOUND_MS);
    const read = await timed(() => board(walkers[1]));
    expect(read.answer.status).toBe(200);
    expect(read.answer.body.source).toBe('database');
    expect(read.answer.body.entries[0]).toMatchObject({ userId: walkers[0].id, steps });
    expect(read.ms).toBeLessThan(BOUND_MS);
    const login = await timed(() => signIn(server, `late-${steps}`));
    expect(login.answer.token).toEqual(expect.any(String));
    expect(login.ms).toBeLessThan(BOUND_MS);
    const ready = await call(server, 'GET', '/readyz');
    expect(ready.body).toMatchObject({ status: 'degraded', cache: { ok: false } });
  }

  async function servesFromCacheAgain(): Promise<void> {
    await eventually(async () => (await board(walkers[1])).body.source === 'cache', 10_000, 250);
    expect((await call(server, 'GET', '/readyz')).body.status).toBe('ok');
  }

  beforeAll(async () => {
    redis = await RedisProcess.start();
    server = await startTestServer('mysql', { REDIS_URL: redis.url, RATE_LIMIT_SYNCS_PER_MINUTE: '1000', DAY_END_SETTLEMENT: '1' });
    walkers = [await signIn(server, 'first'), await signIn(server, 'second')];
    await syncSteps(server, walkers[0], steps);
    await syncSteps(server, walkers[1], 1000);
    expect((await board(walkers[1])).body.source).toBe('cache');
  });
  afterAll(async () => {
    redis?.thaw();
    await server?.stop();
    await redis?.stop();
  });

  it('syncs, signs in and serves boards from the database while Redis is paused, then uses it again', async () => {
    redis.freeze();
    try {
      await stillServes();
      // Once a command has timed out, the next requests do not wait for Redis at all.
      const again = await timed(() => stillServes());
      expect(again.ms).toBeLessThan(1500);
    } finally {
      redis.thaw();
    }
    await servesFromCacheAgain();
  });

  it('does the same while Redis is killed, and uses it again once it is back', async () => {
    await redis.stop();
    try {
      await stillServes();
    } finally {
      await redis.launch();
    }
    await servesFromCacheAgain();
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
