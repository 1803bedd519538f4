import { Redis } from 'ioredis';
import { addDays } from '@calorie-bank/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { RedisProcess } from '../support/redis-process.js';
import { eventually } from '../support/eventually.js';

const services = await availableServices();

async function board(server: TestServer, user: TestUser) {
  const answer = await call(server, 'GET', '/api/v1/leaderboards/daily?limit=10', { token: user.token });
  expect(answer.status).toBe(200);
  return answer.body;
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((row) => row.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe.skipIf(!services.mysql)('leaderboard cache on a Redis that fails', () => {
  let redis: RedisProcess;
  let server: TestServer;
  let direct: Redis;
  let users: TestUser[];

  beforeAll(async () => {
    redis = await RedisProcess.start();
    server = await startTestServer('mysql', { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'cb:' });
    direct = new Redis(redis.url, { retryStrategy: () => 200 });
    // This test stops the server under the client on purpose; its reconnect errors are expected.
    direct.on('error', () => undefined);
    users = [];
    for (const [index, name] of ['ann', 'ben', 'cat', 'dan'].entries()) {
      const user = await signIn(server, name);
      await syncSteps(server, user, 10_000 + index * 1_000);
      users.push(user);
    }
  });
  afterAll(async () => {
    direct?.disconnect();
    await server?.stop();
    await redis?.stop();
  });

  it('serves a built board from the cache, expiring after eight days', async () => {
    const answer = await board(server, users[0]);
    expect(answer.source).toBe('cache');
    expect(answer.entries.map((entry: { steps: number }) => entry.steps)).toEqual([13_000, 12_000, 11_000, 10_000]);
    expect(answer.me).toEqual({ rank: 4, steps: 10_000, likes: 0 });
    const ttl = await direct.ttl(`cb:{lb:${server.clock.today}:global}`);
    expect(ttl).toBeGreaterThan(8 * 86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(8 * 86_400);
  });

  it('keeps the boards of the last eight days only, reading other dates from the database without a key', async () => {
    const oldest = addDays(server.clock.today, -7);
    const read = async (date: string) => {
      const answer = await call(server, 'GET', `/api/v1/leaderboards/daily?date=${date}&limit=10`, { token: users[0].token });
      expect(answer.status).toBe(200);
      return answer.body;
    };
    expect((await read(oldest)).source).toBe('cache');
    expect(await direct.exists(`cb:{lb:${oldest}:global}`)).toBe(1);
    for (const date of [addDays(oldest, -1), '2000-01-01', addDays(server.clock.today, 1), '2099-12-31']) {
      const answer = await read(date);
      expect(answer).toMatchObject({ date, scope: 'global', entries: [], me: null, source: 'database' });
      expect(await direct.keys(`cb:*${date}*`)).toEqual([]);
    }
    // Today's board is still answered from the cache.
    const answer = await read(server.clock.today);
    expect(answer.source).toBe('cache');
    expect(answer.entries).toHaveLength(4);
  });

  it('rebuilds a flushed board once, however many readers ask at the same moment', async () => {
    await direct.flushall();
    const before = metric((await call(server, 'GET', '/metrics')).body, 'leaderboard_builds_total');
    const answers = await Promise.all(Array.from({ length: 25 }, (_, index) => board(server, users[index % users.length])));
    const after = metric((await call(server, 'GET', '/metrics')).body, 'leaderboard_builds_total');
    expect(after - before).toBe(1);
    for (const answer of answers) {
      expect(answer.entries.map((entry: { userId: string }) => entry.userId)).toEqual([users[3].id, users[2].id, users[1].id, users[0].id]);
    }
    expect(answers.filter((answer) => answer.source === 'cache').length).toBeGreaterThan(0);
  });

  it('keeps syncing with Redis down, reads from the database, and returns to the cache when Redis is back', async () => {
    await redis.stop();
    const synced = await syncSteps(server, users[0], 20_000);
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ steps: 20_000, credited: 300, rank: 1 });
    const down = await board(server, users[0]);
    expect(down.source).toBe('database');
    expect(down.entries[0]).toMatchObject({ userId: users[0].id, steps: 20_000 });
    expect((await call(server, 'GET', '/readyz')).body.status).toBe('degraded');

    await redis.launch();
    await eventually(async () => (await board(server, users[0])).source === 'cache', 10_000, 100);
    const back = await board(server, users[0]);
    expect(back.entries[0]).toMatchObject({ userId: users[0].id, steps: 20_000 });
    expect(back.me).toEqual({ rank: 1, steps: 20_000, likes: 0 });
  });

  it('converges to the database after missing writes while Redis kept its old board', async () => {
    expect((await board(server, users[1])).source).toBe('cache');
    redis.freeze();
    try {
      const synced = await syncSteps(server, users[1], 30_000);
      expect(synced.status).toBe(200);
      expect(synced.body.rank).toBe(1);
    } finally {
      redis.thaw();
    }
    // The frozen Redis still holds the board from before the sync; the BFF must not trust it.
    await eventually(
      async () => {
        const answer = await board(server, users[1]);
        return answer.source === 'cache' && answer.entries[0].userId === users[1].id;
      },
      10_000,
      100,
    );
    const healed = await board(server, users[1]);
    expect(healed.entries.slice(0, 2)).toMatchObject([
      { userId: users[1].id, steps: 30_000 },
      { userId: users[0].id, steps: 20_000 },
    ]);
  });
});
