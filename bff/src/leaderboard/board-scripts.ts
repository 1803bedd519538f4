import type { Cluster, Redis } from 'ioredis';
import { stepsFromScore } from './score.js';

/** The Lua scripts a board runs in Redis, each one atomic, and the client methods that call them. */

/** The lowest member of every complete board: its presence means the board was built in full. */
export const READY = '~ready';

/**
 * A board's change version: INCR on every change, started at the caller's clock (ARGV) when the
 * key is new, so that a board flushed and rebuilt never repeats a version a process has cached.
 */
const BUMP = `
local function bump(key, epoch, ttl)
  local v = redis.call('INCR', key)
  if v == 1 then
    v = redis.call('INCRBY', key, epoch)
    redis.call('EXPIRE', key, ttl)
  end
  return v
end`;

/**
 * Adds an entry if the board is built or being built, keeping the higher score (ZADD GT), and
 * answers the entry's 0-based rank, or -1 when there is no board to write to (the next reader
 * builds it from the database, which already holds this entry). A change bumps the version, and
 * the writer's mark (KEYS[4]) records the version that includes their write, for a few seconds.
 * KEYS: board, build lock, version, writer mark; ARGV: score, member, epoch, ttl.
 */
const RECORD_SCRIPT = `${BUMP}
if redis.call('ZSCORE', KEYS[1], '${READY}') or redis.call('EXISTS', KEYS[2]) == 1 then
  local v
  if redis.call('ZADD', KEYS[1], 'GT', 'CH', ARGV[1], ARGV[2]) > 0 then v = bump(KEYS[3], ARGV[3], ARGV[4])
  else v = redis.call('GET', KEYS[3]) or 0 end
  redis.call('SET', KEYS[4], v, 'EX', 5)
  return redis.call('ZREVRANK', KEYS[1], ARGV[2])
end
return -1`;

/** Takes a member off a board and bumps its version. KEYS: board, version; ARGV: member, epoch, ttl. */
const REMOVE_SCRIPT = `${BUMP}
if redis.call('ZREM', KEYS[1], ARGV[1]) > 0 then bump(KEYS[2], ARGV[2], ARGV[3]) end
return 0`;

/** Marks a freshly built board complete. KEYS: board, version; ARGV: ttl, epoch. */
const READY_SCRIPT = `${BUMP}
redis.call('ZADD', KEYS[1], -1, '${READY}')
redis.call('EXPIRE', KEYS[1], ARGV[1])
return bump(KEYS[2], ARGV[2], ARGV[1])`;

/**
 * What the readers of one board need besides the shared top, in one round trip and at one moment:
 * false when the board is not built, else the version and whether the likes are built, then per
 * reader their rank (-1 when absent), score, likes, the ids they liked and their writer mark.
 * KEYS: board, likes, version, then each reader's writer mark; ARGV: each reader's member and user id.
 */
const VIEWS_SCRIPT = `
if not redis.call('ZSCORE', KEYS[1], '${READY}') then return false end
local ready = redis.call('HEXISTS', KEYS[2], '${READY}')
local out = { redis.call('GET', KEYS[3]) or '0', ready }
for i = 4, #KEYS do
  local member, id = ARGV[2 * i - 7], ARGV[2 * i - 6]
  local mine = { false, false }
  if ready == 1 then mine = redis.call('HMGET', KEYS[2], 'c:' .. id, 'l:' .. id) end
  out[#out + 1] = redis.call('ZREVRANK', KEYS[1], member) or -1
  out[#out + 1] = redis.call('ZSCORE', KEYS[1], member) or ''
  out[#out + 1] = mine[1] or '0'
  out[#out + 1] = mine[2] or ''
  out[#out + 1] = redis.call('GET', KEYS[i]) or ''
end
return out`;

/**
 * The shared top of a board at one version: the page another process stored (KEYS[4]) when it
 * is of this version, else the top ARGV[1] members packed as "member score likes …". Also the
 * stored page of any version, the fallback while the database cannot name the entries.
 * KEYS: board, likes, version, stored page; ARGV: count, '1' to pack the top even so.
 */
const TOP_SCRIPT = `
if not redis.call('ZSCORE', KEYS[1], '${READY}') or redis.call('HEXISTS', KEYS[2], '${READY}') == 0 then return false end
local v = redis.call('GET', KEYS[3]) or '0'
local stored = redis.call('GET', KEYS[4]) or ''
if ARGV[2] ~= '1' and string.sub(stored, 1, #v + 1) == v .. '\\n' then return { v, stored, '' } end
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local out = {}
for i = 2, #top, 2 do
  local id = string.gsub(top[i - 1], '^0+', '')
  out[#out + 1] = top[i - 1] .. ' ' .. top[i] .. ' ' .. (redis.call('HGET', KEYS[2], 'c:' .. id) or '0')
end
return { v, stored, table.concat(out, ' ') }`;

/**
 * Applies one committed like (ARGV[3] = '1') or unlike ('0') to built likes, unless the pair's
 * change number (ARGV[6]) is not above the last one applied (field s:<liker>:<liked>): a change
 * that arrives after a later one is stale. The liker's list of liked ids decides whether the
 * count moves. While the likes are being built it only bumps the build generation, which makes
 * that build start over. KEYS: likes, build lock, generation, version, writer mark; ARGV: liker,
 * liked id, present, epoch, ttl, change number.
 */
const LIKE_SCRIPT = `${BUMP}
if redis.call('HEXISTS', KEYS[1], '${READY}') == 1 then
  local seq = 's:' .. ARGV[1] .. ':' .. ARGV[2]
  if tonumber(redis.call('HGET', KEYS[1], seq) or '0') >= tonumber(ARGV[6]) then
    redis.call('SET', KEYS[5], redis.call('GET', KEYS[4]) or 0, 'EX', 5)
    return 1
  end
  redis.call('HSET', KEYS[1], seq, ARGV[6])
  local field = 'l:' .. ARGV[1]
  local list = redis.call('HGET', KEYS[1], field) or ','
  local needle = ',' .. ARGV[2] .. ','
  local at = string.find(list, needle, 1, true)
  local v
  if ARGV[3] == '1' and not at then
    redis.call('HSET', KEYS[1], field, list .. ARGV[2] .. ',')
    redis.call('HINCRBY', KEYS[1], 'c:' .. ARGV[2], 1)
    v = bump(KEYS[4], ARGV[4], ARGV[5])
  elseif ARGV[3] == '0' and at then
    list = string.sub(list, 1, at) .. string.sub(list, at + #needle)
    if list == ',' then redis.call('HDEL', KEYS[1], field) else redis.call('HSET', KEYS[1], field, list) end
    if redis.call('HINCRBY', KEYS[1], 'c:' .. ARGV[2], -1) <= 0 then redis.call('HDEL', KEYS[1], 'c:' .. ARGV[2]) end
    v = bump(KEYS[4], ARGV[4], ARGV[5])
  else
    v = redis.call('GET', KEYS[4]) or 0
  end
  redis.call('SET', KEYS[5], v, 'EX', 5)
  return 1
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('INCR', KEYS[3])
  redis.call('EXPIRE', KEYS[3], 3600)
end
return 0`;

/**
 * Publishes built likes (KEYS[4], filled by the builder) unless the builder no longer holds the
 * build lock (-1: another build may have published newer likes) or a like was applied meanwhile
 * (0: the generation moved since ARGV[1]); answers 1 when published.
 * KEYS: likes, generation, version, filled copy, build lock; ARGV: generation at start, ttl, epoch, lock token.
 */
const LIKES_PUBLISH_SCRIPT = `${BUMP}
if redis.call('GET', KEYS[5]) ~= ARGV[4] then
  redis.call('DEL', KEYS[4])
  return -1
end
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then
  redis.call('DEL', KEYS[4])
  return 0
end
redis.call('RENAME', KEYS[4], KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
bump(KEYS[3], ARGV[3], ARGV[2])
return 1`;

/** Drops a cached key that missed writes and bumps the board's version. KEYS: key, version; ARGV: epoch, ttl. */
const DROP_SCRIPT = `${BUMP}
redis.call('DEL', KEYS[1])
bump(KEYS[2], ARGV[1], ARGV[2])
return 0`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Extends a build lock still held by this token. KEYS: lock; ARGV: token, milliseconds. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

export type RedisClient = Redis | Cluster;

/** Keys of one board; the hash tag keeps them all in one cluster slot, so scripts may use them together. */
export function boardKeys(date: string, scope: string) {
  const tag = `{lb:${date}:${scope}}`;
  return {
    board: tag,
    lock: `${tag}:build`,
    version: `${tag}:v`,
    likes: `${tag}:likes`,
    likesLock: `${tag}:likes:build`,
    likesGeneration: `${tag}:likes:gen`,
    page: `${tag}:page`,
    writer: (userId: string) => `${tag}:w:${userId}`,
  };
}
export type BoardKeys = ReturnType<typeof boardKeys>;

/** The caller's place from a board script's reply: a 0-based rank (-1 when absent) and the score. */
export function placeFrom(rank: number, score: string): { rank: number; steps: number } | null {
  return rank < 0 ? null : { rank: rank + 1, steps: stepsFromScore(Number(score)) };
}

/** One reader's view: [version, rank, score, likes built (0/1), my likes, ids I liked as ",a,b,", my writer mark]. */
export type ViewReply = [string, number, string, number, string, string, string];

/** The board's scripts, sent once and then called by SHA (EVALSHA) rather than resent on every call. */
export interface BoardScripts {
  boardRecord(board: string, lock: string, version: string, writer: string, score: number, member: string, epoch: number, ttl: number): Promise<number>;
  boardRemove(board: string, version: string, member: string, epoch: number, ttl: number): Promise<number>;
  boardReady(board: string, version: string, ttl: number, epoch: number): Promise<number>;
  /** VIEWS_SCRIPT: `keyCount` is 3 + the readers; then the keys, then each reader's member and user id. */
  boardViews(keyCount: number, ...keysThenArgs: string[]): Promise<(string | number)[] | null>;
  boardTop(board: string, likes: string, version: string, page: string, count: number, force: '0' | '1'): Promise<[string, string, string] | null>;
  boardLike(likes: string, lock: string, generation: string, version: string, writer: string, liker: string, liked: string, present: '0' | '1', epoch: number, ttl: number, seq: number): Promise<number>;
  boardLikesPublish(likes: string, generation: string, version: string, filled: string, lock: string, startGeneration: string, ttl: number, epoch: number, token: string): Promise<number>;
  boardDrop(key: string, version: string, epoch: number, ttl: number): Promise<number>;
  boardRelease(lock: string, token: string): Promise<number>;
  boardRenew(lock: string, token: string, ms: number): Promise<number>;
}

export function withBoardScripts(redis: RedisClient): RedisClient & BoardScripts {
  const scripted = redis as RedisClient & Partial<BoardScripts>;
  if (!scripted.boardViews) {
    redis.defineCommand('boardRecord', { numberOfKeys: 4, lua: RECORD_SCRIPT });
    redis.defineCommand('boardRemove', { numberOfKeys: 2, lua: REMOVE_SCRIPT });
    redis.defineCommand('boardReady', { numberOfKeys: 2, lua: READY_SCRIPT });
    redis.defineCommand('boardViews', { lua: VIEWS_SCRIPT });
    redis.defineCommand('boardTop', { numberOfKeys: 4, lua: TOP_SCRIPT });
    redis.defineCommand('boardLike', { numberOfKeys: 5, lua: LIKE_SCRIPT });
    redis.defineCommand('boardLikesPublish', { numberOfKeys: 5, lua: LIKES_PUBLISH_SCRIPT });
    redis.defineCommand('boardDrop', { numberOfKeys: 2, lua: DROP_SCRIPT });
    redis.defineCommand('boardRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    redis.defineCommand('boardRenew', { numberOfKeys: 1, lua: RENEW_SCRIPT });
  }
  return scripted as RedisClient & BoardScripts;
}
