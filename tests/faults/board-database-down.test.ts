import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { deleteKeys, startTestServer, type TestServer } from '../support/harness.js';
import { MariaDbProcess } from '../support/mariadb-process.js';
import { availableServices, REDIS_URL } from '../support/services.js';
import { eventually } from '../support/eventually.js';

const services = await availableServices();

describe.skipIf(!services.redis)('the daily board while the database is down and Redis is up', () => {
  let mariadb: MariaDbProcess;
  let server: TestServer;
  let users: TestUser[];
  const keyPrefix = `cbtest:${process.pid}:boards-dbdown:`;

  const board = (user: TestUser, query = '') => call(server, 'GET', `/api/v1/leaderboards/daily?limit=10${query}`, { token: user.token });

  beforeAll(async () => {
    mariadb = await MariaDbProcess.start();
    const url = await mariadb.createDatabase('calorie_bank');
    // 'sqlite' only keeps the harness off the shared MariaDB; DATABASE_URL points at the private one.
    server = await startTestServer('sqlite', {
      DATABASE_URL: url,
      DATABASE_TIMEOUT_MS: '1500',
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      RATE_LIMIT_SYNCS_PER_MINUTE: '1000',
    });
    users = [];
    for (const [index, name] of ['ann', 'ben', 'cat'].entries()) {
      const user = await signIn(server, name);
      expect((await syncSteps(server, user, 10_000 + index * 1_000)).status).toBe(200);
      users.push(user);
    }
    const like = await call(server, 'POST', '/api/v1/leaderboards/daily/likes', { token: users[0].token, body: { date: server.clock.today, userId: users[2].id } });
    expect(like.status).toBe(200);
    expect((await board(users[0])).body.source).toBe('cache');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await mariadb?.destroy();
    await deleteKeys(keyPrefix);
  });

  it('answers a board Redis holds from Redis alone, with places and likes, and 503 for one it does not', async () => {
    await mariadb.stop();
    // Each user reads their own place; one of them has not read the board before.
    for (const [index, user] of users.entries()) {
      const answer = await board(user);
      expect(answer.status).toBe(200);
      expect(answer.body.source).toBe('cache');
      expect(answer.body.entries.map((entry: { userId: string; steps: number; likes: number }) => [entry.userId, entry.steps, entry.likes])).toEqual([
        [users[2].id, 12_000, 1],
        [users[1].id, 11_000, 0],
        [users[0].id, 10_000, 0],
      ]);
      expect(answer.body.me).toEqual({ rank: 3 - index, steps: 10_000 + index * 1_000, likes: index === 2 ? 1 : 0 });
      expect(answer.body.entries[0].likedByMe).toBe(index === 0);
    }
    // Yesterday's board was never built in Redis: it needs the database.
    const old = await board(users[0], `&date=${server.clock.yesterday}`);
    expect(old.status).toBe(503);
    expect(old.body.error.code).toBe('SERVICE_UNAVAILABLE');
    // A sync still needs the database and says so.
    expect((await syncSteps(server, users[0], 20_000)).status).toBe(503);
  });

  it('takes syncs again once the database is back, and the board shows them', async () => {
    await mariadb.launch();
    await eventually(async () => (await syncSteps(server, users[0], 20_000)).status === 200, 20_000);
    const answer = await board(users[0]);
    expect(answer.body.entries[0]).toMatchObject({ userId: users[0].id, steps: 20_000 });
    expect(answer.body.me).toEqual({ rank: 1, steps: 20_000, likes: 0 });
  });

  it('answers a board whose new names the frozen database cannot give within one bound, and at once after that', async () => {
    const newcomer = await signIn(server, 'dan');
    expect((await syncSteps(server, newcomer, 9_000)).status).toBe(200);
    mariadb.freeze();
    try {
      // The top page needs the newcomer's name from the database: one wait of the bound, not one per read of it.
      const started = performance.now();
      const first = await board(users[0]);
      expect(first.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1500 * 1.4);
      expect(first.body.entries.map((entry: { userId: string }) => entry.userId)).toContain(newcomer.id);
      const again = performance.now();
      expect((await board(users[1])).status).toBe(200);
      expect(performance.now() - again).toBeLessThan(500);
      // Yesterday's board needs the database: 503 after one bound.
      const old = performance.now();
      expect((await board(users[0], `&date=${server.clock.yesterday}`)).status).toBe(503);
      expect(performance.now() - old).toBeLessThan(1500 * 1.4);
    } finally {
      mariadb.thaw();
    }
    await eventually(async () => (await board(users[0])).body.entries.some((entry: { userId: string; nickname: string }) => entry.userId === newcomer.id && entry.nickname !== ''), 15_000);
  });
});
