import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, startServer, type RunningServer } from '@calorie-bank/bff';
import { storageBackends, REDIS_URL } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';

const backends = await storageBackends();

interface Row {
  userId: string;
  steps: number;
  likes: number;
  likedByMe: boolean;
}

/** Signs users in a few at a time: the sandbox login signs with RSA, which a busy machine makes slow. */
async function signInMany(server: TestServer, prefix: string, count: number): Promise<TestUser[]> {
  const users: TestUser[] = [];
  for (let start = 0; start < count; start += 10) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(10, count - start) }, (_, index) => signIn(server, `${prefix}-${start + index}`)))));
  }
  return users;
}

describe.each(backends)('the daily board read path on %s', (backend, available) => {
  let server: TestServer;
  let redis: Redis | null = null;
  let walkers: TestUser[];
  // Cases about Redis itself are registered only where there is a Redis (not on the embedded SQLite).
  const itWithRedis = backend === 'sqlite' ? null : it.skipIf(!available);
  const describeWithRedis = backend === 'sqlite' ? null : describe.skipIf(!available);

  const board = async (through: { url: string }, user: TestUser, query = '') => {
    const answer = await call(through as TestServer, 'GET', `/api/v1/leaderboards/daily?limit=50${query}`, { token: user.token });
    expect(answer.status).toBe(200);
    return answer.body as { entries: Row[]; me: { rank: number; steps: number; likes: number } | null; source: string };
  };
  const row = (body: { entries: Row[] }, user: TestUser) => body.entries.find((entry) => entry.userId === user.id);
  const like = (liker: TestUser, entry: TestUser, through: { url: string } = server) =>
    call(through as TestServer, 'POST', '/api/v1/leaderboards/daily/likes', { token: liker.token, body: { date: server.clock.today, userId: entry.id } });
  const unlike = (liker: TestUser, entry: TestUser) =>
    call(server, 'DELETE', `/api/v1/leaderboards/daily/likes?date=${server.clock.today}&userId=${entry.id}`, { token: liker.token });
  const key = (suffix = '') => `${server.keyPrefix}{lb:${server.clock.today}:global}${suffix}`;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { RATE_LIMIT_SYNCS_PER_MINUTE: '10000', JWT_SECRET: 'board-cache-test-secret-0123456789abcdef' });
    if (backend === 'mysql+redis') redis = new Redis(REDIS_URL);
    walkers = await signInMany(server, 'board-walker', 4);
    for (const [index, walker] of walkers.entries()) expect((await syncSteps(server, walker, 5_000 + index * 1_000)).status).toBe(200);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it.skipIf(!available)('shows a sync to its author on the very next read, in the top and in their own place', async () => {
    const [first] = walkers;
    expect(row(await board(server, first), first)).toMatchObject({ steps: 5_000 });
    expect((await syncSteps(server, first, 30_000)).status).toBe(200);
    const seen = await board(server, first);
    expect(seen.source).toBe(backend === 'sqlite' ? 'database' : 'cache');
    expect(seen.entries[0]).toMatchObject({ rank: 1, userId: first.id, steps: 30_000 });
    expect(seen.me).toEqual({ rank: 1, steps: 30_000, likes: 0 });
  });

  it.skipIf(!available)('gives each of many readers at the same moment their own place, likes and marks', async () => {
    const readers = await signInMany(server, 'board-crowd', 30);
    // Distinct counts below every walker's, so the crowd's ranks follow from their steps alone.
    for (const [index, reader] of readers.entries()) expect((await syncSteps(server, reader, 1_000 + index * 10)).status).toBe(200);
    expect((await like(readers[0], walkers[1])).status).toBe(200);
    const alone = [];
    for (const reader of readers) alone.push(await board(server, reader));
    const together = await Promise.all(readers.map((reader) => board(server, reader)));
    expect(together).toEqual(alone);
    for (const [index, seen] of together.entries()) {
      expect(seen.me).toMatchObject({ rank: walkers.length + readers.length - index, steps: 1_000 + index * 10 });
      expect(row(seen, walkers[1])?.likedByMe).toBe(index === 0);
    }
    expect((await unlike(readers[0], walkers[1])).status).toBe(200);
  });

  it.skipIf(!available)('shows a like and an unlike to the liker on the very next read, with the count', async () => {
    const [liked, liker] = walkers;
    const before = row(await board(server, liker), liked)!;
    expect((await like(liker, liked)).status).toBe(200);
    expect(row(await board(server, liker), liked)).toMatchObject({ likes: before.likes + 1, likedByMe: true });
    expect((await board(server, liked)).me?.likes).toBe(before.likes + 1);
    expect((await unlike(liker, liked)).status).toBe(200);
    expect(row(await board(server, liker), liked)).toMatchObject({ likes: before.likes, likedByMe: false });
  });

  itWithRedis?.('bumps the board version on every sync and like, and only then', async () => {
    const [first, second] = walkers;
    const version = async () => Number(await redis!.get(key(':v')));
    const start = await version();
    expect(start).toBeGreaterThan(0);
    await board(server, second);
    expect(await version()).toBe(start);
    await syncSteps(server, second, 31_000);
    const afterSync = await version();
    expect(afterSync).toBeGreaterThan(start);
    await syncSteps(server, second, 31_000); // the same count again changes nothing on the board
    expect(await version()).toBe(afterSync);
    await like(second, first);
    expect(await version()).toBeGreaterThan(afterSync);
    // The shared page in Redis is rebuilt for the new version.
    await board(server, first);
    expect((await redis!.get(key(':page')))?.split('\n')[0]).toBe(String(await version()));
  });

  it.skipIf(!available)('keeps like counts exact after 100 concurrent likes and unlikes read through the cache', async () => {
    const star = walkers[3];
    const likers = await signInMany(server, 'board-fan', 100);
    await board(server, walkers[0]);
    const liked = await Promise.all(likers.map((liker) => like(liker, star)));
    expect(liked.every((answer) => answer.status === 200)).toBe(true);
    const mixed = await Promise.all(
      likers.flatMap((liker, index) => (index % 2 === 0 ? [unlike(liker, star), board(server, liker)] : [like(liker, star), board(server, liker)])),
    );
    expect(mixed.every((answer) => !('status' in answer) || answer.status === 200)).toBe(true);
    const total = (await call(server, 'GET', '/api/v1/me/likes', { token: star.token })).body.total as number;
    expect(row(await board(server, walkers[0]), star)?.likes).toBe(total);
    expect((await board(server, star)).me?.likes).toBe(total);
    expect(row(await board(server, likers[1]), star)).toMatchObject({ likedByMe: true });
    expect(row(await board(server, likers[0]), star)).toMatchObject({ likedByMe: false });
    expect(total).toBeGreaterThanOrEqual(50);
    if (redis) expect(Number(await redis.hget(key(':likes'), `c:${star.id}`))).toBe(total);
  });

  itWithRedis?.('ignores a like whose cache write arrives after the unlike that followed it', async () => {
    const [star] = walkers;
    const liker = (await signInMany(server, 'board-late', 1))[0];
    await board(server, liker);
    const leaderboard = server.context.leaderboard;
    const apply = leaderboard.recordLike.bind(leaderboard);
    let arrived!: () => void;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding = true;
    // The like's cache write waits, as in a process paused between its commit and its Redis call.
    leaderboard.recordLike = async (...args: Parameters<typeof apply>) => {
      if (holding) {
        holding = false;
        arrived();
        await released;
      }
      return apply(...args);
    };
    try {
      const liked = like(liker, star);
      await held;
      expect((await unlike(liker, star)).status).toBe(200);
      release();
      expect((await liked).status).toBe(200);
    } finally {
      leaderboard.recordLike = apply;
    }
    const total = (await call(server, 'GET', '/api/v1/me/likes', { token: star.token })).body.total as number;
    expect(Number((await redis!.hget(key(':likes'), `c:${star.id}`)) ?? 0)).toBe(total);
    expect(row(await board(server, liker), star)).toMatchObject({ likes: total, likedByMe: false });
  });

  itWithRedis?.('keeps the cached count equal to the database when each liker likes and unlikes one entry at once', async () => {
    const star = walkers[2];
    const likers = await signInMany(server, 'board-racer', 30);
    await board(server, walkers[0]);
    for (let round = 0; round < 4; round += 1) {
      const answers = await Promise.all(likers.flatMap((liker) => [like(liker, star), unlike(liker, star)]));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      const received = (await call(server, 'GET', '/api/v1/me/likes?limit=100', { token: star.token })).body as { total: number; items: { userId: string }[] };
      expect(Number((await redis!.hget(key(':likes'), `c:${star.id}`)) ?? 0)).toBe(received.total);
      const lists = await Promise.all(likers.map(async (liker) => (await redis!.hget(key(':likes'), `l:${liker.id}`)) ?? ','));
      const cachedLikers = likers.filter((_, index) => lists[index].includes(`,${star.id},`)).map((liker) => liker.id);
      const storedLikers = received.items.map((item) => item.userId).filter((id) => likers.some((liker) => liker.id === id));
      expect(cachedLikers.sort()).toEqual(storedLikers.sort());
    }
  });

  itWithRedis?.('rebuilds a cold cache from the database with the same entries and likes', async () => {
    const warm = await board(server, walkers[0]);
    await redis!.del(key(), key(':likes'), key(':page'), key(':v'));
    const cold = await board(server, walkers[0]);
    expect(cold.source).toBe('cache');
    expect(cold.entries).toEqual(warm.entries);
    expect(cold.me).toEqual(warm.me);
    expect(await redis!.exists(key(), key(':likes'))).toBe(2);
  });

  describeWithRedis?.('with a second BFF process on the same database and Redis', () => {
    let other: RunningServer;
    beforeAll(async () => {
      other = await startServer(server.config, { logger: createLogger('silent'), now: server.clock.now });
    });
    afterAll(async () => other?.close());

    it('shows a sync and a like made through one process to their author reading through the other', async () => {
      const [first, second] = walkers;
      await board(other, first);
      await board(other, second);
      expect((await syncSteps(server, second, 40_000)).status).toBe(200);
      expect((await board(other, second)).entries[0]).toMatchObject({ userId: second.id, steps: 40_000 });
      const before = row(await board(other, first), second)!.likes;
      expect((await like(first, second, other)).status).toBe(200);
      expect(row(await board(server, first), second)).toMatchObject({ likes: before + 1, likedByMe: true });
      expect(row(await board(other, first), second)).toMatchObject({ likes: before + 1, likedByMe: true });
    });
  });
});
