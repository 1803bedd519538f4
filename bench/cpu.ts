/**
 * CPU per request of the BFF's hot paths, steadier on a shared machine than req/s:
 * `npx tsx bench/cpu.ts` starts the built BFF and the bare-mysql2 baseline as `npm run bench`
 * does, then runs the sync, the baseline, /healthz and the daily board (top 50 + me) in turns
 * (BENCH_CPU_ROUNDS rounds), and prints per load the CPU time that the BFF (or baseline),
 * MariaDB and Redis spent per request (from /proc; beside it the user part of the BFF's or
 * baseline's), with req/s and p99. BENCH_BFF_FLAGS adds node flags to the BFF (e.g.
 * `--cpu-prof --cpu-prof-dir bench/profiles`); BENCH_CPU_LOADS picks loads
 * (default `sync,baseline,healthz,board`); BENCH_BFF_MAIN runs another build of the BFF (e.g. one
 * of an older commit, its whole bff/dist folder copied under bff/dist/) instead of building this checkout's.
 * BENCH_BFF_FLAGS_B and/or BENCH_BFF_MAIN_B start a second BFF (B) on its own database and users;
 * its loads (`sync:B`, `board:B`, ...) take turns with the first one's in each round, B first in
 * every other round, so that two builds or two sets of flags meet the machine's drift alike.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { businessDate } from '@calorie-bank/shared';
import { SessionTokens } from '../bff/src/auth/tokens.js';
import { openDatabase } from '../bff/src/db/data-source.js';
import { SLICE_SAMPLE_MS } from './interleave.js';
import { buildBff, cpuTimesOf, dropRunData, freshDatabase, JWT_SECRET, memoryOf, seedUsers, signedPayloads, spawnBff, spawnNode, waitForHttp } from './setup.js';

const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3);
const SYNCS = Number(process.env.BENCH_CPU_SYNCS ?? 1500);
const READS = Number(process.env.BENCH_CPU_READS ?? 10_000);
const LOADS = (process.env.BENCH_CPU_LOADS ?? 'sync,baseline,healthz,board').split(',');
const PORT = Number(process.env.BENCH_PORT ?? 18281);
const CONNECTIONS = Math.min(50, SYNCS, READS);
const RUN = `cpu${process.pid}`;
const today = businessDate(new Date(), 'Asia/Shanghai');
const users = SYNCS * ROUNDS;

const log = (message: string) => process.stdout.write(`[cpu] ${message}\n`);
const flagsOf = (value: string | undefined) => (value ?? '').split(' ').filter(Boolean);
const withB = process.env.BENCH_BFF_FLAGS_B !== undefined || process.env.BENCH_BFF_MAIN_B !== undefined;
const baseDb = await freshDatabase(MYSQL, `cb_bench_base_${RUN}`);
if (!process.env.BENCH_BFF_MAIN || (withB && !process.env.BENCH_BFF_MAIN_B)) await buildBff();
const counts = Array.from({ length: users }, (_, index) => 3_000 + ((index * 7919) % 15_000));
const tokens = new SessionTokens(JWT_SECRET, 3600);

/** One BFF under test: its process, database, users, their tokens and signed payloads. */
interface Target {
  suffix: string;
  bff: ChildProcess;
  /** When the BFF was started: a load's window is given in seconds since then. */
  spawnedAt: number;
  url: string;
  ids: number[];
  bearer: string[];
  payloads: string[];
}
const targets: Target[] = [];

async function startTarget(suffix: string, port: number, run: string, flags: string[], main: string | undefined): Promise<Target> {
  const db = await freshDatabase(MYSQL, `cb_bench_${run}`);
  const spawnedAt = performance.now();
  const bff = spawnBff({ port, databaseUrl: db, redisUrl: REDIS, keyPrefix: `cbbench:${run}:`, nodeFlags: flags, main });
  const target: Target = { suffix, bff, spawnedAt, url: `http://127.0.0.1:${port}`, ids: [], bearer: [], payloads: [] };
  targets.push(target);
  await waitForHttp(`${target.url}/readyz`, bff);
  target.ids = await seedUsers(db, users);
  target.bearer = await Promise.all(target.ids.map(async (id) => `Bearer ${(await tokens.issue({ subject: String(id), audience: 'user' })).token}`));
  target.payloads = await signedPayloads(target.url, today, counts);
  return target;
}

let baseline: ChildProcess | null = null;
try {
  await startTarget('', PORT, RUN, flagsOf(process.env.BENCH_BFF_FLAGS), process.env.BENCH_BFF_MAIN);
  if (withB) await startTarget(':B', PORT + 2, `${RUN}b`, flagsOf(process.env.BENCH_BFF_FLAGS_B), process.env.BENCH_BFF_MAIN_B);
  await (await openDatabase({ type: 'mysql', url: baseDb })).destroy();
  baseline = spawnNode('bench/baseline-server.ts', { BASELINE_DATABASE_URL: baseDb, BASELINE_PORT: String(PORT + 1) });
  const baseIds = await seedUsers(baseDb, users);

  const server = await createConnection({ uri: MYSQL });
  const [[{ pidFile }]] = (await server.query('SELECT @@pid_file AS pidFile')) as unknown as [[{ pidFile: string }]];
  await server.end();
  const mysqlPid = Number(readFileSync(pidFile, 'utf8').trim());
  const redis = new Redis(REDIS);
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))![1]);
  redis.disconnect();

  let baseSynced = 0;
  const loads: Record<string, { pid: number; spawnedAt: number; options: () => autocannon.Options }> = {
    baseline: {
      pid: baseline.pid!,
      spawnedAt: targets[0].spawnedAt,
      options: () => ({
        url: `http://127.0.0.1:${PORT + 1}/`,
        amount: SYNCS,
        requests: [{ method: 'POST', setupRequest: (request: autocannon.Request) => {
          const index = baseSynced++ % baseIds.length;
          const coins = Math.min(Math.floor((counts[index] * 60 * 5) / 10_000), 600);
          return { ...request, method: 'POST', body: JSON.stringify({ userId: baseIds[index], date: today, steps: counts[index], coins }) };
        } }],
      }),
    },
  };
  for (const { suffix, bff, spawnedAt, url, ids, bearer, payloads } of targets) {
    let synced = 0;
    let reader = 0;
    loads[`sync${suffix}`] = {
      pid: bff.pid!,
      spawnedAt,
      options: () => ({
        url: `${url}/api/v1/steps/sync`,
        amount: SYNCS,
        requests: [{ method: 'POST', setupRequest: (request: autocannon.Request) => {
          const index = synced++ % ids.length;
          return { ...request, method: 'POST', body: payloads[index], headers: { 'content-type': 'application/json', authorization: bearer[index] } };
        } }],
      }),
    };
    loads[`healthz${suffix}`] = { pid: bff.pid!, spawnedAt, options: () => ({ url: `${url}/healthz`, amount: READS * 2 }) };
    loads[`board${suffix}`] = {
      pid: bff.pid!,
      spawnedAt,
      options: () => ({
        url: `${url}/api/v1/leaderboards/daily?limit=50`,
        amount: READS,
        requests: [{ method: 'GET', setupRequest: (request: autocannon.Request) => ({ ...request, headers: { authorization: bearer[(reader++ * 7) % bearer.length] } }) }],
      }),
    };
  }
  // B goes first in every other round: neither BFF always runs right after the other's load.
  const order = (round: number) =>
    LOADS.flatMap((name) => (name === 'baseline' ? [name] : (round % 2 === 0 ? targets : [...targets].reverse()).map(({ suffix }) => `${name}${suffix}`)));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  for (const { url } of targets) await autocannon({ url: `${url}/healthz`, connections: 10, duration: 2 });
  const figures: Record<string, { cpuUs: number; userUs: number; mysqlUs: number; redisUs: number; rps: number; p99: number; failed: number }[]> = {};
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of order(round)) {
      const load = loads[name];
      const before = [cpuTimesOf(load.pid), cpuTimesOf(mysqlPid), cpuTimesOf(redisPid)];
      const started = performance.now();
      const result = await autocannon({ connections: CONNECTIONS, ...load.options(), sampleInt: SLICE_SAMPLE_MS });
      const seconds = (performance.now() - started) / 1000;
      // Seconds since the BFF started: `bench/profile-summary.ts --window` takes this load's samples.
      const since = (started - load.spawnedAt) / 1000;
      const window = `${since.toFixed(1)}-${(since + seconds).toFixed(1)}`;
      const after = [cpuTimesOf(load.pid), cpuTimesOf(mysqlPid), cpuTimesOf(redisPid)];
      const per = (index: number, part: 'total' | 'user' = 'total') => Math.round(((after[index][part] - before[index][part]) * 1e6) / result.requests.total);
      (figures[name] ??= []).push({ cpuUs: per(0), userUs: per(0, 'user'), mysqlUs: per(1), redisUs: per(2), rps: Math.round(result.requests.total / seconds), p99: result.latency.p99, failed: result.non2xx + result.errors });
      log(`${name} round ${round + 1} (window ${window}): ${JSON.stringify(figures[name].at(-1))}`);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  process.stdout.write('\n| load | process µs/req | of it user µs/req | MariaDB µs/req | Redis µs/req | req/s | p99 ms | failed |\n|---|---|---|---|---|---|---|---|\n');
  for (const [name, runs] of Object.entries(figures)) {
    const column = (key: keyof (typeof runs)[0]) => median(runs.map((run) => run[key]));
    process.stdout.write(`| ${name} | ${column('cpuUs')} | ${column('userUs')} | ${column('mysqlUs')} | ${column('redisUs')} | ${column('rps')} | ${column('p99')} | ${runs.reduce((sum, run) => sum + run.failed, 0)} |\n`);
  }
  const rate = (name: string) => median(figures[name]?.map((run) => run.rps) ?? [Number.NaN]);
  for (const { suffix, bff, url } of targets) {
    // Where the BFF's memory is after the loads: V8's heap spaces (used / size) and memory outside the heap.
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const mb = (pattern: RegExp) => [...metrics.matchAll(pattern)].map((match) => `${match[1]} ${(Number(match[2]) / 2 ** 20).toFixed(1)}`).join(', ');
    log(`heap used MB${suffix}: ${mb(/^nodejs_heap_space_size_used_bytes\{space="(\w+)"\} (\S+)/gm)}`);
    log(`heap size MB${suffix}: ${mb(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)/gm)}; ${mb(/^nodejs_(external_memory)_bytes (\S+)/gm)}`);
    process.stdout.write(
      `\nBFF${suffix}: board ÷ healthz ${(rate(`board${suffix}`) / rate(`healthz${suffix}`)).toFixed(3)}, sync ÷ baseline ${(rate(`sync${suffix}`) / rate('baseline')).toFixed(3)}, memory ${JSON.stringify(memoryOf(bff.pid!))}\n`,
    );
  }
} finally {
  for (const { bff } of targets) bff.kill('SIGTERM');
  baseline?.kill('SIGTERM');
  await dropRunData(MYSQL, REDIS, RUN, 1500);
  if (withB) await dropRunData(MYSQL, REDIS, `${RUN}b`, 0);
}
