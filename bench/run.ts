/**
 * `npm run bench`: the BFF on MariaDB + Redis under autocannon, against its own /healthz and a
 * bare-mysql2 server doing one sync's writes. Writes bench/results.json and bench/results.md.
 * Figures are ratios measured in one run on this machine, not absolute promises.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { businessDate } from '@calorie-bank/shared';
import { SessionTokens } from '../bff/src/auth/tokens.js';
import { openDatabase } from '../bff/src/db/data-source.js';
import { boardScaleMarkdown, measureBoardScale } from './boards.js';
import { measureGate, openBenchPool } from './gate.js';
import { feedLoad } from './posts.js';
import { measureMultiProcess } from './multi-process.js';
import { hotRowsMarkdown, measureHotRows } from './hot-rows.js';
import { interleavedRuns, type SlicedRun } from './interleave.js';
import { syncLoads, type SyncTargets } from './sync-loads.js';
import { buildBff, dropRunData, freshDatabase, JWT_SECRET, memoryOf, ROOT, seedUsers, signedPayloads, spawnBff, spawnNode, waitForHttp } from './setup.js';

const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
/** Syncs of users of their own that each server answers before the measured sync run (0: none; at least one per connection). */
const WARMUP_ASKED = Number(process.env.BENCH_WARMUP_SYNCS ?? 1_000);
const WARMUP_SYNCS = WARMUP_ASKED > 0 ? Math.max(CONNECTIONS, WARMUP_ASKED) : 0;
/** BENCH_LATENCY_DUMP=<file>: each measured sync answer's server, slice, end time and latency (bench/interleave.ts). */
const LATENCY_DUMP = process.env.BENCH_LATENCY_DUMP;
// BENCH_PORT lets two benches run side by side on one machine (names of databases and keys are per run, below).
const BFF_PORT = Number(process.env.BENCH_PORT ?? 18181);
const BASE_PORT = BFF_PORT + 1;
/** BENCH_ONLY=memory: stop after the sync and leaderboard runs and print the BFF's RSS and those runs' ratios. */
const MEMORY_ONLY = process.env.BENCH_ONLY === 'memory';
/** BENCH_BFF_FLAGS: extra node flags for the BFF while measuring (e.g. `--heapsnapshot-signal=SIGUSR2`). */
const EXTRA_BFF_FLAGS = (process.env.BENCH_BFF_FLAGS ?? '').split(' ').filter(Boolean);
const today = businessDate(new Date(), 'Asia/Shanghai');
/** Names of this run's databases and Redis keys: benches run from several checkouts at once must not drop each other's. */
const RUN = `${process.pid}`;

function log(message: string): void {
  process.stdout.write(`[bench] ${message}\n`);
}

/** One load's figures: the same shape whether measured at once or in interleaved slices. */
type Measured = SlicedRun;

async function measure(name: string, options: autocannon.Options): Promise<Measured> {
  log(`measuring ${name}`);
  const result = await autocannon({ connections: CONNECTIONS, ...options });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    worstSliceP99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const children: ChildProcess[] = [];
try {
  const bffDb = await freshDatabase(MYSQL, `cb_bench_${RUN}`);
  const baseDb = await freshDatabase(MYSQL, `cb_bench_base_${RUN}`);
  const redis = new Redis(REDIS);
  const stale = await redis.keys(`cbbench:${RUN}:*`);
  if (stale.length > 0) await redis.del(...stale);
  redis.disconnect();

  await buildBff();
  const bff = spawnBff({
    port: BFF_PORT,
    databaseUrl: bffDb,
    redisUrl: REDIS,
    keyPrefix: `cbbench:${RUN}:`,
    nodeFlags: [...EXTRA_BFF_FLAGS, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', 'bench/profiles'] : [])],
  });
  children.push(bff);
  await waitForHttp(`http://127.0.0.1:${BFF_PORT}/readyz`, bff);
  const bffUrl = `http://127.0.0.1:${BFF_PORT}`;

  const schema = await openDatabase({ type: 'mysql', url: baseDb });
  await schema.destroy();
  const [seeded, baseSeeded] = [await seedUsers(bffDb, USERS + WARMUP_SYNCS), await seedUsers(baseDb, USERS + WARMUP_SYNCS)];
  log(`seeded ${seeded.length} users twice`);

  const tokens = new SessionTokens(JWT_SECRET, 3600);
  const allBearer = await Promise.all(seeded.map(async (id) => `Bearer ${(await tokens.issue({ subject: String(id), audience: 'user' })).token}`));
  const counts = seeded.map((_, index) => 3_000 + ((index * 7919) % 15_000));
  const allPayloads = await signedPayloads(bffUrl, today, counts);
  log(`precomputed ${allPayloads.length} signed payloads`);
  // The first USERS are measured and read the boards later; the rest only warm both servers up.
  const [ids, bearer, payloads] = [seeded.slice(0, USERS), allBearer.slice(0, USERS), allPayloads.slice(0, USERS)];

  await autocannon({ url: `${bffUrl}/healthz`, connections: 10, duration: 2 });
  const healthz = await measure('GET /healthz', { url: `${bffUrl}/healthz`, duration: DURATION });

  // The bare-mysql2 baseline runs beside the BFF, and the two take turns in slices (bench/interleave.ts).
  const baseline = spawnNode('bench/baseline-server.ts', { BASELINE_DATABASE_URL: baseDb, BASELINE_PORT: String(BASE_PORT) });
  children.push(baseline);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const targets: SyncTargets = { bffUrl, baselineUrl: `http://127.0.0.1:${BASE_PORT}/`, date: today, payloads: allPayloads, bearer: allBearer, baselineIds: baseSeeded, counts };
  // Both servers meet their first load (the JIT, the pools, the database's pages) before anything is counted.
  if (WARMUP_SYNCS > 0) {
    const warm = await interleavedRuns(CONNECTIONS, 1, syncLoads(targets, USERS, WARMUP_SYNCS, `warm-up, ${WARMUP_SYNCS} more users`));
    for (const run of warm) if (run.non2xx + run.errors > 0) log(`warm-up: ${run.name}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
  }
  const [sync, baselineSync] = await interleavedRuns(CONNECTIONS, 5, syncLoads(targets, 0, USERS, `${USERS.toLocaleString('en')} distinct users`), LATENCY_DUMP);

  let reader = 0;
  const boardReads = {
    url: `${bffUrl}/api/v1/leaderboards/daily?limit=50`,
    requests: [
      {
        method: 'GET' as const,
        setupRequest: (request: autocannon.Request) => ({ ...request, headers: { authorization: bearer[(reader++ * 7) % bearer.length] } }),
      },
    ],
  };
  const leaderboard = await measure('GET /api/v1/leaderboards/daily (top 50 + me)', { ...boardReads, duration: DURATION });
  // Memory is judged after the step and leaderboard runs; the staff logins below hash passwords with
  // scrypt, which takes 32 MB per hash by design and raises the peak on its own.
  const memory = memoryOf(bff.pid!);
  if (MEMORY_ONLY) {
    const ratio = (a: Measured, b: Measured) => Number((a.requestsPerSecond / b.requestsPerSecond).toFixed(3));
    log(`memory: ${JSON.stringify({ memory, syncVsBareMysql: ratio(sync, baselineSync), syncP99Ms: [sync.p99Ms, sync.worstSliceP99Ms], baselineP99Ms: [baselineSync.p99Ms, baselineSync.worstSliceP99Ms], leaderboardVsHealthz: ratio(leaderboard, healthz), runs: [healthz, sync, baselineSync, leaderboard].map((run) => `${run.name}: ${run.requestsPerSecond}/s`) })}`);
    // BENCH_HOLD_SECONDS: keep the BFF up that long after the runs, to inspect it (heap snapshot, /proc).
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.BENCH_HOLD_SECONDS ?? 0) * 1000));
  } else {

    // Redemption: one hot offer that every request hits, and the same load spread over 100 offers.
    const api = async (path: string, token: string | null, body?: unknown) => {
      const answer = await fetch(`${bffUrl}/api/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await answer.json()) as Record<string, any>;
    };
    const operator = (await api('/staff/login', null, { username: 'bench-ops', password: 'bench-ops-password' })).token as string;
    const shop = await api('/ops/merchants', operator, { name: 'Bench Coffee', username: 'bench-coffee', password: 'bench-coffee-password' });
    const merchant = (await api('/staff/login', null, { username: 'bench-coffee', password: 'bench-coffee-password' })).token as string;
    const openOffer = async (title: string) => {
      const { offer } = await api('/merchant/offers', merchant, {
        title, description: 'bench', imageUrl: null, kind: 'coupon', priceCoins: 1, totalStock: 1_000_000, perUserLimit: 100,
        validFrom: new Date(Date.now() - 3600_000).toISOString(), validUntil: new Date(Date.now() + 86_400_000).toISOString(), voucherTtlSeconds: 86_400,
      });
      await api(`/merchant/offers/${offer.id}/submit`, merchant, {});
      await api(`/ops/offers/${offer.id}/approve`, operator, {});
      return offer.id as string;
    };
    const hotOffer = await openOffer('hot');
    const manyOffers: string[] = [];
    for (let index = 0; index < 100; index += 1) manyOffers.push(await openOffer(`offer ${index}`));
    const REDEMPTIONS = Math.min(5000, ids.length);
    const redeemRun = (name: string, offerFor: (index: number) => string) => {
      let counter = 0;
      return measure(name, {
        url: `${bffUrl}/api/v1/offers/0/redeem`,
        amount: REDEMPTIONS,
        requests: [
          {
            method: 'POST',
            setupRequest: (request: autocannon.Request) => {
              const index = counter++;
              return {
                ...request,
                method: 'POST',
                path: `/api/v1/offers/${offerFor(index)}/redeem`,
                headers: { authorization: bearer[index % bearer.length], 'idempotency-key': `bench-${name.length}-${index}-key` },
              };
            },
          },
        ],
      });
    };
    const hotRedeem = await redeemRun('POST /offers/:id/redeem (one hot offer)', () => hotOffer);
    const spreadRedeem = await redeemRun('POST /offers/:id/redeem (100 offers)', (index) => manyOffers[index % manyOffers.length]);
    // The gate's users are ones the sync run paid, so each entry's hold is covered.
    const pool = await openBenchPool(api, operator, merchant, shop.merchant.id as string);
    const gate = await measureGate(api, { merchant, facilityId: pool, userTokens: bearer.map((header) => header.slice('Bearer '.length)), workers: CONNECTIONS, seconds: DURATION });
    const feedReads = await feedLoad(api, { bffUrl, operator, userTokens: bearer.map((header) => header.slice('Bearer '.length)) });
    // The read ratios compare loads that take turns in slices, so each met the same machine: a
    // /healthz measured minutes before the reads carried whatever the machine did in between.
    const [healthzBeside, leaderboardBeside, feed] = await interleavedRuns(CONNECTIONS, 5, [
      { name: 'GET /healthz (in slices with the two reads below)', amount: 60_000, options: { url: `${bffUrl}/healthz` } },
      { name: 'GET /api/v1/leaderboards/daily (top 50 + me, in slices)', amount: 30_000, options: boardReads },
      { name: `${feedReads.name} (in slices)`, amount: 30_000, options: feedReads.options },
    ]);
    const memoryAtEnd = memoryOf(bff.pid!);
    const hotRows = await measureHotRows({ bffUrl, dbUrl: bffDb, today, operatorToken: operator, bearer, payloads, userIds: ids, firstUser: Math.floor(ids.length / 2), connections: CONNECTIONS });
    const board = (await (await fetch(`${bffUrl}/api/v1/leaderboards/daily?limit=1`, { headers: { authorization: bearer[0] } })).json()) as {
      source: string;
    };

    const multiProcess = await measureMultiProcess({ root: ROOT, mysqlRootUrl: MYSQL, redisUrl: REDIS, connections: CONNECTIONS, seconds: Math.min(DURATION, 5), users: Math.min(USERS, 5_000), log });

    log('building a board of 1,000,000 members in Redis');
    const boards = await measureBoardScale(REDIS);

    const ratios = {
      leaderboardVsHealthz: Number((leaderboardBeside.requestsPerSecond / healthzBeside.requestsPerSecond).toFixed(3)),
      feedVsHealthz: Number((feed.requestsPerSecond / healthzBeside.requestsPerSecond).toFixed(3)),
      syncVsBareMysql: Number((sync.requestsPerSecond / baselineSync.requestsPerSecond).toFixed(3)),
      hotRedeemVsBareMysqlSync: Number((hotRedeem.requestsPerSecond / baselineSync.requestsPerSecond).toFixed(3)),
      spreadRedeemVsBareMysqlSync: Number((spreadRedeem.requestsPerSecond / baselineSync.requestsPerSecond).toFixed(3)),
      gatePairsVsHealthz: Number((gate.pairsPerSecond / healthz.requestsPerSecond).toFixed(4)),
    };
    const goals = {
      leaderboardVsHealthz: { goal: '>= 0.7', met: ratios.leaderboardVsHealthz >= 0.7 },
      feedVsHealthz: { goal: '>= 0.5', met: ratios.feedVsHealthz >= 0.5 },
      syncVsBareMysql: { goal: '>= 0.8', met: ratios.syncVsBareMysql >= 0.8 },
      syncP99: { goal: '<= 150 ms at 50 connections', met: sync.p99Ms <= 150 },
      memory: { goal: '<= 150 MB RSS', met: memory.rssMb <= 150 },
    };
    const results = {
      when: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      connections: CONNECTIONS,
      users: ids.length,
      warmupUsers: WARMUP_SYNCS,
      leaderboardSource: board.source,
      runs: [healthz, sync, leaderboard, hotRedeem, spreadRedeem, baselineSync, healthzBeside, leaderboardBeside, feed],
      ratios,
      memory,
      memoryAtEnd,
      gate,
      multiProcess: { runs: multiProcess.runs, ratios: multiProcess.ratios },
      hotRows,
      boards,
      goals,
    };
    writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    const rows = results.runs.map((run) => `| ${run.name} | ${run.requestsPerSecond} | ${run.p50Ms} | ${run.p99Ms} | ${run.requests} | ${run.non2xx + run.errors} |`);
    const md = [
      '# Benchmark results',
      '',
      `Measured ${results.when} on ${results.machine.cpus} cores, Node ${results.machine.node}; the BFF on MariaDB + Redis, autocannon with ${CONNECTIONS} connections on the same machine.`,
      `Runs taken in slices (the sync and the baseline, and the reads "in slices") give p50 and p99 over every 2xx answer of every slice; the others are single runs. The sync first warmed both servers up with ${WARMUP_SYNCS} users of their own, who are on the board beside the ${ids.length.toLocaleString('en')} measured ones.`,
      '',
      '| run | req/s | p50 ms | p99 ms | requests | failed |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      '| measure | value | goal | met |',
      '|---|---|---|---|',
      `| leaderboard ÷ /healthz (in slices) | ${ratios.leaderboardVsHealthz} | ${goals.leaderboardVsHealthz.goal} | ${goals.leaderboardVsHealthz.met ? 'yes' : 'no'} |`,
      `| community feed page (20 posts) ÷ /healthz (in slices) | ${ratios.feedVsHealthz} | ${goals.feedVsHealthz.goal} | ${goals.feedVsHealthz.met ? 'yes' : 'no'} |`,
      `| sync ÷ bare mysql2 | ${ratios.syncVsBareMysql} | ${goals.syncVsBareMysql.goal} | ${goals.syncVsBareMysql.met ? 'yes' : 'no'} |`,
      `| sync p99 (over all ${sync.requests} answers, after ${WARMUP_SYNCS} warm-up syncs; the baseline's own: ${baselineSync.p99Ms} ms) | ${sync.p99Ms} ms | ${goals.syncP99.goal} | ${goals.syncP99.met ? 'yes' : 'no'} |`,
      `| sync p99 of the worst of the 5 slices (the baseline's: ${baselineSync.worstSliceP99Ms} ms) | ${sync.worstSliceP99Ms} ms | (reported) | |`,
      `| hot-offer redemption ÷ bare mysql2 sync | ${ratios.hotRedeemVsBareMysqlSync} | (reported) | |`,
      `| 100-offer redemption ÷ bare mysql2 sync | ${ratios.spreadRedeemVsBareMysqlSync} | (reported) | |`,
      `| gate pairs/s ÷ /healthz req/s (${gate.pairsPerSecond} pairs/s, p50 ${gate.p50Ms} ms, p99 ${gate.p99Ms} ms, ${gate.pairs} pairs; failed: ${JSON.stringify(gate.failed)}) | ${ratios.gatePairsVsHealthz} | (reported) | |`,
      `| BFF RSS after the sync and leaderboard runs | ${memory.rssMb} MB | ${goals.memory.goal} | ${goals.memory.met ? 'yes' : 'no'} |`,
      `| BFF peak RSS by then (includes one 32 MB scrypt hash at start) | ${memory.peakRssMb} MB | (reported) | |`,
      `| BFF RSS / peak at the end (after staff logins and redemptions) | ${memoryAtEnd.rssMb} / ${memoryAtEnd.peakRssMb} MB | (reported) | |`,
      '',
      ...hotRowsMarkdown(hotRows),
      `Leaderboard reads were served from: ${board.source}. Re-run with \`npm run bench\`.`,
      '',
      ...multiProcess.markdown,
      ...boardScaleMarkdown(boards),
    ].join('\n');
    writeFileSync(new URL('results.md', import.meta.url), md);
    process.stdout.write(`\n${md}`);
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  await dropRunData(MYSQL, REDIS, RUN, 1000);
}

