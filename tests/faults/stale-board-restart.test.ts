import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandaloneSandbox, type StandaloneSandbox } from '@calorie-bank/bff';
import { spawnBff, type BffProcess } from '../support/bff-process.js';
import { call } from '../support/client.js';
import { RedisProcess } from '../support/redis-process.js';
import { availableServices, createMysqlDatabase } from '../support/services.js';

const { mysql } = await availableServices();

/** Today in Asia/Shanghai by the real clock the BFF processes use. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!mysql)('a board changed while Redis failed, after the process that changed it died', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: StandaloneSandbox;
  let redis: RedisProcess;
  let redisDir: string;
  const bffs: BffProcess[] = [];
  let env: Record<string, string>;

  const start = async () => {
    const bff = spawnBff(env);
    bffs.push(bff);
    return { url: await bff.started, bff };
  };
  async function login(through: { url: string }, name: string): Promise<{ id: string; token: string }> {
    const answer = await call(through as never, 'POST', '/api/v1/auth/login', { body: { authCode: platform.sandbox.issueAlipayAuthCode(name) } });
    expect(answer.status).toBe(200);
    return { id: answer.body.user.id, token: answer.body.token };
  }
  const sync = (through: { url: string }, token: string, steps: number) =>
    call(through as never, 'POST', '/api/v1/steps/sync', { token, body: { countDate: today(), response: platform.sandbox.runDataResponse({ countDate: today(), count: String(steps) }) } });
  const board = (through: { url: string }, token: string) => call(through as never, 'GET', '/api/v1/leaderboards/daily?limit=10', { token });

  beforeAll(async () => {
    database = await createMysqlDatabase();
    platform = await startStandaloneSandbox();
    // A Redis that keeps its keys across a restart, as a deployed one with persistence does.
    redisDir = mkdtempSync(join(tmpdir(), 'cb-stale-redis-'));
    redis = await RedisProcess.start({ persistDir: redisDir });
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      JWT_SECRET: 'stale-board-test-secret-of-32-characters-or-more',
      ...platform.alipayEnv,
      DEMO_DATA: '0',
      DAY_END_SETTLEMENT: '0',
      LOG_LEVEL: 'error',
    };
  });
  afterAll(async () => {
    for (const bff of bffs) await bff.kill();
    await redis?.stop();
    if (redisDir) rmSync(redisDir, { recursive: true, force: true });
    await platform?.close();
    await database?.drop();
  });

  it('is rebuilt from the database by the next process once Redis answers again', async () => {
    const first = await start();
    const walker = await login(first, 'stale-walker');
    const reader = await login(first, 'stale-reader');
    expect((await sync(first, walker.token, 5_000)).status).toBe(200);
    const cached = await board(first, reader.token);
    expect(cached.body).toMatchObject({ source: 'cache', entries: [{ userId: walker.id, steps: 5_000 }] });

    // Redis goes down; the sync commits in the database, and its cache write fails.
    await redis.stop();
    try {
      expect((await sync(first, walker.token, 9_000)).status).toBe(200);
    } finally {
      // The process dies before it could see Redis again: its own note of the stale board dies with it.
      await first.bff.kill();
      // Redis comes back with the board as it was before the sync.
      await redis.launch();
    }

    const second = await start();
    const read = await board(second, reader.token);
    expect(read.status).toBe(200);
    expect(read.body.entries[0]).toMatchObject({ userId: walker.id, steps: 9_000 });
    expect(read.body.source).toBe('cache');
  }, 180_000);
});
