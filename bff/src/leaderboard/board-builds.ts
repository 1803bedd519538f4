import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DatabaseBoard } from '../db/boards.js';
import { likeChanges } from '../db/likes.js';
import { READY, type BoardKeys, type BoardScripts, type RedisClient } from './board-scripts.js';
import { encodeScore, memberFor } from './score.js';

/**
 * Days, counting back from today, whose boards are kept in Redis: any other date's board (older, or
 * not begun) is read from the database alone, so reading boards of arbitrary dates cannot fill Redis.
 */
export const CACHED_BOARD_DAYS = 8;
/** A board's keys outlive its last write by as many days as boards are kept. */
export const BOARD_TTL_SECONDS = CACHED_BOARD_DAYS * 24 * 3600;
const BUILD_LOCK_MS = 15_000;
const BUILD_WAIT_MS = 2_000;
const BATCH = 1_000;
const LIKES_ATTEMPTS = 3;

type ScriptedRedis = RedisClient & BoardScripts;

async function run(pipeline: ReturnType<ScriptedRedis['pipeline']>): Promise<void> {
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
}

/**
 * Runs `build` under the lock `lock`, so that many readers of a missing cache cause one build; a
 * reader that finds the lock taken waits briefly for `done`, then gives up (and reads the
 * database itself). The lock is renewed every third of `lockMs` while the build runs, so a long
 * build keeps it; it expires only when its process is gone. `build` gets the lock's token.
 * Answers whether the cache is ready.
 */
export async function underLock(
  redis: ScriptedRedis,
  lock: string,
  done: () => Promise<boolean>,
  build: (token: string) => Promise<boolean>,
  lockMs = BUILD_LOCK_MS,
): Promise<boolean> {
  const token = randomBytes(8).toString('hex');
  if ((await redis.set(lock, token, 'PX', lockMs, 'NX')) !== 'OK') {
    const deadline = Date.now() + BUILD_WAIT_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      if (await done()) return true;
    }
    return false;
  }
  const renewal = setInterval(() => {
    // A renewal Redis refuses fails the build's own next call the same way, which ends the build.
    redis.boardRenew(lock, token, lockMs).catch(() => undefined);
  }, lockMs / 3);
  try {
    return await build(token);
  } finally {
    clearInterval(renewal);
    await redis.boardRelease(lock, token);
  }
}

/**
 * Builds a board's sorted set from the database. Syncs during the build write to it too (the
 * record script sees the lock) and both only raise scores, so they converge in any order.
 * Answers whether the board is ready, and how many entries this call loaded (null: another built it).
 */
export async function buildBoard(redis: ScriptedRedis, db: DataSource, keys: BoardKeys, date: string, scope: string): Promise<{ ready: boolean; entries: number | null }> {
  let count: number | null = null;
  const ready = await underLock(
    redis,
    keys.lock,
    async () => (await redis.zscore(keys.board, READY)) !== null,
    async () => {
      count = 0;
      for await (const page of new DatabaseBoard(db).all(date, scope)) {
        const pipeline = redis.pipeline();
        for (let start = 0; start < page.length; start += BATCH) {
          const args = page.slice(start, start + BATCH).flatMap((row) => [encodeScore(date, row.steps, row.reachedAt), memberFor(row.userId)]);
          pipeline.zadd(keys.board, 'GT', ...args);
        }
        await run(pipeline);
        count += page.length;
      }
      await redis.boardReady(keys.board, keys.version, BOARD_TTL_SECONDS, Date.now());
      return true;
    },
  );
  return { ready, entries: count };
}

/**
 * Builds a board's like counts and each liker's liked ids from the database into a copy, then
 * publishes it only if no like reached Redis meanwhile (the like script bumps the generation
 * while the lock is held); otherwise it starts over. A like committed before the build read is
 * in the copy, one committed after it either bumped the generation or found the likes published.
 */
export async function buildLikes(redis: ScriptedRedis, db: DataSource, keys: BoardKeys, date: string, scope: string): Promise<boolean> {
  return underLock(
    redis,
    keys.likesLock,
    async () => (await redis.hexists(keys.likes, READY)) === 1,
    async (token) => {
      for (let attempt = 0; attempt < LIKES_ATTEMPTS; attempt += 1) {
        const generation = (await redis.get(keys.likesGeneration)) ?? '0';
        const counts = new Map<string, number>();
        const lists = new Map<string, string>();
        const fields: string[] = [READY, '1'];
        for (const { likerId, likedId, seq, present } of await likeChanges(db.manager, date, scope)) {
          fields.push(`s:${likerId}:${likedId}`, String(seq));
          if (!present) continue;
          counts.set(likedId, (counts.get(likedId) ?? 0) + 1);
          lists.set(likerId, `${lists.get(likerId) ?? ','}${likedId},`);
        }
        for (const [id, count] of counts) fields.push(`c:${id}`, String(count));
        for (const [id, list] of lists) fields.push(`l:${id}`, list);
        const filled = `${keys.likes}:fill:${randomBytes(6).toString('hex')}`;
        const pipeline = redis.pipeline();
        for (let start = 0; start < fields.length; start += 2 * BATCH) pipeline.hset(filled, ...fields.slice(start, start + 2 * BATCH));
        pipeline.expire(filled, 60);
        await run(pipeline);
        const published = await redis.boardLikesPublish(keys.likes, keys.likesGeneration, keys.version, filled, keys.likesLock, generation, BOARD_TTL_SECONDS, Date.now(), token);
        // -1: the lock was lost, and with it the right to publish; the next reader finds the likes or builds them.
        if (published !== 0) return published === 1;
      }
      return false;
    },
  );
}
