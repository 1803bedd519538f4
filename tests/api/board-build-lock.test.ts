import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { underLock } from '../../bff/src/leaderboard/board-builds.js';
import { withBoardScripts, type BoardScripts } from '../../bff/src/leaderboard/board-scripts.js';
import { availableServices, REDIS_URL } from '../support/services.js';

const { redis: available } = await availableServices();
/** Short enough that a build outlives it several times over, long enough for a renewal on a busy machine. */
const LOCK_MS = 1_500;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe.skipIf(!available)('the board build lock', () => {
  let redis: Redis & BoardScripts;
  const prefix = `cbtest:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;

  beforeAll(() => {
    redis = withBoardScripts(new Redis(REDIS_URL)) as Redis & BoardScripts;
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('stays with a build that outlasts the lock time, so a second reader does not build at once', async () => {
    const lock = `${prefix}long:build`;
    let running = 0;
    let mostAtOnce = 0;
    let builds = 0;
    let second: Promise<boolean> | null = null;
    const build = async (hold: () => Promise<void>) => {
      builds += 1;
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        await hold();
      } finally {
        running -= 1;
      }
      return true;
    };
    const first = underLock(
      redis,
      lock,
      async () => false,
      () =>
        build(async () => {
          const started = Date.now();
          await until(() => Date.now() - started > 3 * LOCK_MS);
          // A reader arriving long after the lock would have expired unrenewed.
          second = underLock(redis, lock, async () => false, () => build(async () => undefined), LOCK_MS);
          await second;
        }),
      LOCK_MS,
    );
    expect(await first).toBe(true);
    expect(await second).toBe(false);
    expect(builds).toBe(1);
    expect(mostAtOnce).toBe(1);
    expect(await redis.exists(lock)).toBe(0);
  });

  it('refuses to publish likes built under a lock that another build has since taken', async () => {
    const [likes, generation, version, filled, lock] = ['likes', 'gen', 'v', 'fill', 'likes:build'].map((name) => `${prefix}{lb}:${name}`);
    await redis.set(lock, 'other-build', 'PX', 60_000);
    await redis.hset(filled, '~ready', '1', 'c:7', '3');
    expect(await redis.boardLikesPublish(likes, generation, version, filled, lock, '0', 60, Date.now(), 'my-build')).toBe(-1);
    expect(await redis.exists(likes, filled)).toBe(0);
    await redis.hset(filled, '~ready', '1', 'c:7', '3');
    expect(await redis.boardLikesPublish(likes, generation, version, filled, lock, '0', 60, Date.now(), 'other-build')).toBe(1);
    expect(await redis.hget(likes, 'c:7')).toBe('3');
  });
});
