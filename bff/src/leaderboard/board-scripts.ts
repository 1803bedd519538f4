import type { Cluster, Redis } from 'ioredis';
import { stepsFromScore } from './score.js';

/** The Lua scripts a board runs in Redis, each one atomic, and the client methods that call them. */

/** The lowest member of every complete board: its presence means the board was built in full. */
export const READY = '~ready';

/**
 * Adds an entry if the board is built or being built, keeping the higher score (ZADD GT), and
 * answers the entry's 0-based rank, or -1 when there is no board to write to (the next reader
 * builds it from the database, which already holds this entry).
 */
const RECORD_SCRIPT = `
if redis.call('ZSCORE', KEYS[1], '${READY}') or redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('ZADD', KEYS[1], 'GT', ARGV[1], ARGV[2])
  return redis.call('ZREVRANK', KEYS[1], ARGV[2])
end
return -1`;

/**
 * Reads a board in one call: whether it is built, its top ARGV[1] entries packed into one string
 * ("member score member score …", far cheaper for the client to decode than 2N replies), and the
 * rank and score of member ARGV[2].
 */
const SNAPSHOT_SCRIPT = `
if not redis.call('ZSCORE', KEYS[1], '${READY}') then return false end
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local scores = {}
for i = 2, #top, 2 do scores[#scores + 1] = top[i - 1] .. ' ' .. top[i] end
return { table.concat(scores, ' '), redis.call('ZREVRANK', KEYS[1], ARGV[2]) or -1, redis.call('ZSCORE', KEYS[1], ARGV[2]) or '' }`;

/** The caller's place on a built board: {rank, score}, or false when the board is not built. */
const ME_SCRIPT = `
if not redis.call('ZSCORE', KEYS[1], '${READY}') then return false end
return { redis.call('ZREVRANK', KEYS[1], ARGV[1]) or -1, redis.call('ZSCORE', KEYS[1], ARGV[1]) or '' }`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export type RedisClient = Redis | Cluster;

/** The caller's place from a board script's reply: a 0-based rank (-1 when absent) and the score. */
export function placeFrom(rank: number, score: string): { rank: number; steps: number } | null {
  return rank < 0 ? null : { rank: rank + 1, steps: stepsFromScore(Number(score)) };
}

/** The board's scripts, sent once and then called by SHA (EVALSHA) rather than resent on every call. */
export interface BoardScripts {
  boardRecord(board: string, lock: string, score: number, member: string): Promise<number>;
  boardSnapshot(board: string, limit: number, member: string): Promise<[string, number, string] | null>;
  boardMe(board: string, member: string): Promise<[number, string] | null>;
  boardRelease(lock: string, token: string): Promise<number>;
}

export function withBoardScripts(redis: RedisClient): RedisClient & BoardScripts {
  const scripted = redis as RedisClient & Partial<BoardScripts>;
  if (!scripted.boardRecord) {
    redis.defineCommand('boardRecord', { numberOfKeys: 2, lua: RECORD_SCRIPT });
    redis.defineCommand('boardSnapshot', { numberOfKeys: 1, lua: SNAPSHOT_SCRIPT });
    redis.defineCommand('boardMe', { numberOfKeys: 1, lua: ME_SCRIPT });
    redis.defineCommand('boardRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
  }
  return scripted as RedisClient & BoardScripts;
}
