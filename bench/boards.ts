/**
 * A board of 1,000,000 members in Redis: how long it takes to build (pipelined ZADD batches, the
 * loop the BFF's own build runs), what it costs in memory (MEMORY USAGE), and how fast "top 100 +
 * my place" reads are, side by side with the `redis-rank` library doing the same reads on the
 * same Redis under its own key prefix. Everything it writes is deleted afterwards.
 * Run alone with `npx tsx bench/boards.ts`; `bench/run.ts` calls it once.
 */
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Leaderboard } from 'redis-rank';
import type { DataSource } from 'typeorm';
import { boardKeys, READY, withBoardScripts } from '../bff/src/leaderboard/board-scripts.js';
import { DailyLeaderboard } from '../bff/src/leaderboard/daily-leaderboard.js';
import { encodeScore, memberFor } from '../bff/src/leaderboard/score.js';
import { Metrics } from '../bff/src/metrics.js';

const DATE = '2026-06-15';
const SCOPE = 'global';
const OURS_PREFIX = 'cbboards:ours:';
const THEIRS_PREFIX = 'cbboards:redis-rank:';
const BATCH = 1_000;
const TOP = 100;
const THROUGHPUT_MS = 3_000;

export interface BoardScaleResult {
  members: number;
  reads: number;
  build: { oursSeconds: number; redisRankSeconds: number; goalSeconds: number; met: boolean };
  memory: { boardBytes: number; bytesPerMember: number; mbPerMillion: number; likesBytes: number; redisRankBoardBytes: number };
  /** Latency of one "top 100 + my place" read, one read at a time, in ms. */
  latency: Record<'bff' | 'scriptsUncached' | 'redisRank', { p50: number; p99: number; mean: number }>;
  /** Reads per second with 50 readers at once. */
  readsPerSecond: { bff: number; redisRank: number };
  /** redis-rank's p50 and p99 ÷ the BFF read path's, and the BFF's reads/s ÷ redis-rank's: at least 1 means the BFF is as fast. */
  ratios: { p50: number; p99: number; readsPerSecond: number };
  goals: { p99Ms: number; p99Met: boolean; asFastAsRedisRank: boolean };
}

/** A deterministic spread of step counts and times (no Math.random, so every run builds the same board). */
function entryFor(index: number, dayStart: number): { steps: number; reachedAt: number } {
  const mixed = Math.imul(index + 1, 2_654_435_761) >>> 0;
  return { steps: mixed % 40_000, reachedAt: dayStart + (mixed % 86_400_000) };
}

function summary(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (ms: number) => Number(ms.toFixed(3));
  return { p50: round(at(0.5)), p99: round(at(0.99)), mean: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length) };
}

async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.unlink(...found);
  } while (cursor !== '0');
}

/** Builds both boards, measures them and deletes them again. */
export async function measureBoardScale(redisUrl: string, options: { members?: number; reads?: number } = {}): Promise<BoardScaleResult> {
  const members = options.members ?? 1_000_000;
  const reads = options.reads ?? 5_000;
  const admin = new Redis(redisUrl);
  const ours = withBoardScripts(new Redis(redisUrl, { keyPrefix: OURS_PREFIX, enableAutoPipelining: true }));
  const theirsClient = new Redis(redisUrl, { keyPrefix: THEIRS_PREFIX });
  const theirs = new Leaderboard(theirsClient, 'board', { sortPolicy: 'high-to-low', updatePolicy: 'best' });
  const keys = boardKeys(DATE, SCOPE);
  const dayStart = Date.parse(`${DATE}T00:00:00+08:00`);
  try {
    await deleteByPrefix(admin, OURS_PREFIX);
    await deleteByPrefix(admin, THEIRS_PREFIX);

    // The BFF's build: ZADD GT batches of 1,000 sent in pipelines, then the readiness marker.
    // Pipelines of 20 batches, a few in flight, so the next is prepared while Redis applies one.
    let started = performance.now();
    const inFlight: Promise<unknown>[] = [];
    for (let start = 0; start < members; start += 20 * BATCH) {
      const pipeline = ours.pipeline();
      for (let batch = start; batch < Math.min(members, start + 20 * BATCH); batch += BATCH) {
        const args: (string | number)[] = [];
        for (let index = batch; index < Math.min(members, batch + BATCH); index += 1) {
          const { steps, reachedAt } = entryFor(index, dayStart);
          args.push(encodeScore(DATE, steps, reachedAt), memberFor(String(index + 1)));
        }
        pipeline.zadd(keys.board, 'GT', ...args);
      }
      inFlight.push(pipeline.exec());
      if (inFlight.length >= 4) await inFlight.shift();
    }
    await Promise.all(inFlight);
    await ours.boardReady(keys.board, keys.version, 86_400, Date.now());
    const oursSeconds = (performance.now() - started) / 1000;
    // Likes: one in ten members has some, as a busy evening might leave them.
    const likes = ours.pipeline();
    for (let start = 0; start < members; start += 10 * BATCH) {
      const fields: (string | number)[] = [];
      for (let index = start; index < Math.min(members, start + 10 * BATCH); index += 10) fields.push(`c:${index + 1}`, 1 + (index % 7));
      likes.hset(keys.likes, ...fields);
    }
    likes.hset(keys.likes, READY, '1');
    await likes.exec();

    // redis-rank's own build path, update() in batches of 1,000, timed on the first tenth of the
    // entries (a million takes it minutes); its board for the reads is then a copy of the BFF's.
    started = performance.now();
    const sample = new Leaderboard(theirsClient, 'build-sample', { sortPolicy: 'high-to-low', updatePolicy: 'best' });
    const pending: Promise<unknown>[] = [];
    for (let start = 0; start < members / 10; start += BATCH) {
      const entries = [];
      for (let index = start; index < Math.min(members / 10, start + BATCH); index += 1) {
        const { steps, reachedAt } = entryFor(index, dayStart);
        entries.push({ id: memberFor(String(index + 1)), value: encodeScore(DATE, steps, reachedAt) });
      }
      pending.push(sample.update(entries));
      if (pending.length >= 20) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    const redisRankSeconds = ((performance.now() - started) / 1000) * 10;
    await admin.copy(`${OURS_PREFIX}${keys.board}`, `${THEIRS_PREFIX}board`);
    await theirs.remove(READY);

    const usage = async (key: string) => Number(await admin.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    const boardBytes = await usage(`${OURS_PREFIX}${keys.board}`);
    const memory = {
      boardBytes,
      bytesPerMember: Number((boardBytes / members).toFixed(1)),
      mbPerMillion: Number(((boardBytes / members) * 1_000_000 / 1024 / 1024).toFixed(1)),
      likesBytes: await usage(`${OURS_PREFIX}${keys.likes}`),
      redisRankBoardBytes: await usage(`${THEIRS_PREFIX}board`),
    };

    // The BFF's read path: its DailyLeaderboard with the page cache. The bench has no users
    // table, so nicknames (read once per page build) come from a stand-in for the database.
    const names = { manager: { query: async (_sql: string, ids: string[]) => ids.map((id) => ({ id, nickname: `跑者${id}` })) } } as unknown as DataSource;
    const board = new DailyLeaderboard(names, ours, new Metrics(), pino({ level: 'silent' }));
    const me = (index: number) => String(1 + ((Math.imul(index + 7, 40_503) >>> 0) % members));
    const samples = { bff: [] as number[], scriptsUncached: [] as number[], redisRank: [] as number[] };
    const time = async (into: number[], read: () => Promise<unknown>) => {
      const at = performance.now();
      await read();
      into.push(performance.now() - at);
    };
    for (let index = 0; index < reads + 200; index += 1) {
      const userId = me(index);
      const warm = index < 200;
      // Interleaved, so that load from elsewhere on the machine falls on all three alike.
      await time(warm ? [] : samples.bff, async () => {
        if (!(await board.readCached({ date: DATE, scope: SCOPE, limit: TOP, userId }))) throw new Error('the board did not answer from the cache');
      });
      await time(warm ? [] : samples.scriptsUncached, () =>
        Promise.all([
          ours.boardTop(keys.board, keys.likes, keys.version, `${keys.page}:bench`, TOP + 1, '1'),
          ours.boardViews(4, keys.board, keys.likes, keys.version, keys.writer(userId), memberFor(userId), userId),
        ]),
      );
      await time(warm ? [] : samples.redisRank, () => Promise.all([theirs.top(TOP), theirs.find(memberFor(userId))]));
    }
    // Throughput: 50 readers at once for a few seconds each, as a busy BFF would read.
    const throughput = async (read: (userId: string) => Promise<unknown>): Promise<number> => {
      let done = 0;
      const until = performance.now() + THROUGHPUT_MS;
      await Promise.all(
        Array.from({ length: 50 }, async (_, worker) => {
          for (let index = worker; performance.now() < until; index += 50) {
            await read(me(index));
            done += 1;
          }
        }),
      );
      return Math.round(done / (THROUGHPUT_MS / 1000));
    };
    const readsPerSecond = {
      bff: await throughput((userId) => board.readCached({ date: DATE, scope: SCOPE, limit: TOP, userId })),
      redisRank: await throughput((userId) => Promise.all([theirs.top(TOP), theirs.find(memberFor(userId))])),
    };
    const latency = { bff: summary(samples.bff), scriptsUncached: summary(samples.scriptsUncached), redisRank: summary(samples.redisRank) };
    const ratios = {
      p50: Number((latency.redisRank.p50 / latency.bff.p50).toFixed(2)),
      p99: Number((latency.redisRank.p99 / latency.bff.p99).toFixed(2)),
      readsPerSecond: Number((readsPerSecond.bff / readsPerSecond.redisRank).toFixed(2)),
    };
    return {
      members,
      reads,
      build: { oursSeconds: Number(oursSeconds.toFixed(2)), redisRankSeconds: Number(redisRankSeconds.toFixed(2)), goalSeconds: 20, met: oursSeconds <= 20 },
      memory,
      latency,
      readsPerSecond,
      ratios,
      goals: { p99Ms: 5, p99Met: latency.bff.p99 <= 5, asFastAsRedisRank: ratios.p50 >= 1 && ratios.readsPerSecond >= 1 },
    };
  } finally {
    await deleteByPrefix(admin, OURS_PREFIX).catch(() => undefined);
    await deleteByPrefix(admin, THEIRS_PREFIX).catch(() => undefined);
    ours.disconnect();
    theirsClient.disconnect();
    admin.disconnect();
  }
}

/** The rows bench/results.md shows for the board of a million. */
export function boardScaleMarkdown(result: BoardScaleResult): string[] {
  const { build, memory, latency, ratios } = result;
  const row = (name: string, figures: { p50: number; p99: number; mean: number }) => `| ${name} | ${figures.p50} | ${figures.p99} | ${figures.mean} |`;
  return [
    `## A board of ${result.members.toLocaleString('en')} members in Redis`,
    '',
    `Built in ${build.oursSeconds} s by the BFF's loop (pipelined ZADD GT batches of 1,000; goal ≤ ${build.goalSeconds} s: ${build.met ? 'met' : 'not met'}); redis-rank's own update() ("best" policy, batches of 1,000) built a tenth of them at a pace of ${build.redisRankSeconds} s per million; its board for the reads below is a copy of the BFF's.`,
    `Memory (MEMORY USAGE): the sorted set ${(memory.boardBytes / 1024 / 1024).toFixed(1)} MB, ${memory.bytesPerMember} bytes per member (${memory.mbPerMillion} MB per million); its like counts (one member in ten liked) ${(memory.likesBytes / 1024 / 1024).toFixed(1)} MB; redis-rank's set ${(memory.redisRankBoardBytes / 1024 / 1024).toFixed(1)} MB.`,
    '',
    `"Top 100 + my place", ${result.reads} reads one at a time each, interleaved, random members:`,
    '',
    '| read | p50 ms | p99 ms | mean ms |',
    '|---|---|---|---|',
    row('BFF read path (DailyLeaderboard.readCached: one script call + the shared page, JSON out)', latency.bff),
    row('BFF scripts without the page cache (top script + views script, one reader)', latency.scriptsUncached),
    row('redis-rank (top(100) + find(me))', latency.redisRank),
    '',
    `With 50 readers at once: BFF read path ${result.readsPerSecond.bff} reads/s, redis-rank ${result.readsPerSecond.redisRank} reads/s.`,
    '',
    `redis-rank ÷ BFF read path latency: p50 ${ratios.p50}, p99 ${ratios.p99}; BFF ÷ redis-rank reads/s: ${ratios.readsPerSecond} (≥ 1: the BFF's read is at least as fast). Goal p99 ≤ ${result.goals.p99Ms} ms: ${result.goals.p99Met ? 'met' : 'not met'}.`,
    '',
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await measureBoardScale(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0', {
    members: Number(process.env.BENCH_BOARD_MEMBERS ?? 1_000_000),
    reads: Number(process.env.BENCH_BOARD_READS ?? 5_000),
  });
  process.stdout.write(`${boardScaleMarkdown(result).join('\n')}\n${JSON.stringify(result, null, 2)}\n`);
}
