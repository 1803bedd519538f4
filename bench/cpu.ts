/**
 * CPU per request of the BFF's hot paths, steadier on a shared machine than req/s:
 * `npx tsx bench/cpu.ts` starts the built BFF and the bare-mysql2 baseline as `npm run bench`
 * does, then runs the sync, the baseline, /healthz and the daily board (top 50 + me) in turns
 * (BENCH_CPU_ROUNDS rounds), and prints per load the CPU time that the BFF (or baseline),
 * MariaDB and Redis spent per request (from /proc), with req/s and p99. BENCH_BFF_FLAGS adds node
 * flags to the BFF (e.g. `--cpu-prof --cpu-prof-dir bench/profiles`); BENCH_CPU_LOADS picks loads
 * (default `sync,baseline,healthz,board`); BENCH_BFF_MAIN runs another build of the BFF (e.g. one
 * of an older commit copied under bff/dist/) instead of building this checkout's.
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
import { buildBff, cpuSecondsOf, dropRunData, freshDatabase, JWT_SECRET, memoryOf, seedUsers, signedPayloads, spawnBff, spawnNode, waitForHttp } from './setup.js';

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
const bffDb = await freshDatabase(MYSQL, `cb_bench_${RUN}`);
const baseDb = await freshDatabase(MYSQL, `cb_bench_base_${RUN}`);
const main = process.env.BENCH_BFF_MAIN;
if (!main) await buildBff();
const spawnedAt = performance.now();
const bff = spawnBff({ port: PORT, databaseUrl: bffDb, redisUrl: REDIS, keyPrefix: `cbbench:${RUN}:`, nodeFlags: (process.env.BENCH_BFF_FLAGS ?? '').split(' ').filter(Boolean), main });
const bffUrl = `http://127.0.0.1:${PORT}`;
let baseline: ChildProcess | null = null;
try {
  await waitForHttp(`${bffUrl}/readyz`, bff);
  await (await openDatabase({ type: 'mysql', url: baseDb })).destroy();
  baseline = spawnNode('bench/baseline-server.ts', { BASELINE_DATABASE_URL: baseDb, BASELINE_PORT: String(PORT + 1) });
  const [ids, baseIds] = [await seedUsers(bffDb, users), await seedUsers(baseDb, users)];
  const tokens = new SessionTokens(JWT_SECRET, 3600);
  const bearer = await Promise.all(ids.map(async (id) => `Bearer ${(await tokens.issue({ subject: String(id), audience: 'user' })).token}`));
  const counts = ids.map((_, index) => 3_000 + ((index * 7919) % 15_000));
  const payloads = await signedPayloads(bffUrl, today, counts);

  const server = await createConnection({ uri: MYSQL });
  const [[{ pidFile }]] = (await server.query('SELECT @@pid_file AS pidFile')) as unknown as [[{ pidFile: string }]];
  await server.end();
  const mysqlPid = Number(readFileSync(pidFile, 'utf8').trim());
  const redis = new Redis(REDIS);
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))![1]);
  redis.disconnect();

  let synced = 0;
  let baseSynced = 0;
  let reader = 0;
  const loads: Record<string, { pid: number; options: () => autocannon.Options }> = {
    sync: {
      pid: bff.pid!,
      options: () => ({
        url: `${bffUrl}/api/v1/steps/sync`,
        amount: SYNCS,
        requests: [{ method: 'POST', setupRequest: (request: autocannon.Request) => {
          const index = synced++ % ids.length;
          return { ...request, method: 'POST', body: payloads[index], headers: { 'content-type': 'application/json', authorization: bearer[index] } };
        } }],
      }),
    },
    baseline: {
      pid: baseline.pid!,
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
    healthz: { pid: bff.pid!, options: () => ({ url: `${bffUrl}/healthz`, amount: READS * 2 }) },
    board: {
      pid: bff.pid!,
      options: () => ({
        url: `${bffUrl}/api/v1/leaderboards/daily?limit=50`,
        amount: READS,
        requests: [{ method: 'GET', setupRequest: (request: autocannon.Request) => ({ ...request, headers: { authorization: bearer[(reader++ * 7) % bearer.length] } }) }],
      }),
    },
  };
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await autocannon({ url: `${bffUrl}/healthz`, connections: 10, duration: 2 });
  const figures: Record<string, { cpuUs: number; mysqlUs: number; redisUs: number; rps: number; p99: number; failed: number }[]> = {};
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of LOADS) {
      const load = loads[name];
      const before = [cpuSecondsOf(load.pid), cpuSecondsOf(mysqlPid), cpuSecondsOf(redisPid)];
      const started = performance.now();
      const result = await autocannon({ connections: CONNECTIONS, ...load.options(), sampleInt: SLICE_SAMPLE_MS });
      const seconds = (performance.now() - started) / 1000;
      // Seconds since the BFF started: `bench/profile-summary.ts --window` takes this load's samples.
      const window = `${((started - spawnedAt) / 1000).toFixed(1)}-${((started - spawnedAt) / 1000 + seconds).toFixed(1)}`;
      const after = [cpuSecondsOf(load.pid), cpuSecondsOf(mysqlPid), cpuSecondsOf(redisPid)];
      const per = (index: number) => Math.round(((after[index] - before[index]) * 1e6) / result.requests.total);
      (figures[name] ??= []).push({ cpuUs: per(0), mysqlUs: per(1), redisUs: per(2), rps: Math.round(result.requests.total / seconds), p99: result.latency.p99, failed: result.non2xx + result.errors });
      log(`${name} round ${round + 1} (window ${window}): ${JSON.stringify(figures[name].at(-1))}`);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  process.stdout.write('\n| load | process µs/req | MariaDB µs/req | Redis µs/req | req/s | p99 ms | failed |\n|---|---|---|---|---|---|---|\n');
  for (const [name, runs] of Object.entries(figures)) {
    const column = (key: keyof (typeof runs)[0]) => median(runs.map((run) => run[key]));
    process.stdout.write(`| ${name} | ${column('cpuUs')} | ${column('mysqlUs')} | ${column('redisUs')} | ${column('rps')} | ${column('p99')} | ${runs.reduce((sum, run) => sum + run.failed, 0)} |\n`);
  }
  const rate = (name: string) => median(figures[name]?.map((run) => run.rps) ?? [Number.NaN]);
  // Where the BFF's memory is after the loads: V8's heap spaces (used / size) and memory outside the heap.
  const metrics = await (await fetch(`${bffUrl}/metrics`)).text();
  const mb = (pattern: RegExp) => [...metrics.matchAll(pattern)].map((match) => `${match[1]} ${(Number(match[2]) / 2 ** 20).toFixed(1)}`).join(', ');
  log(`heap used MB: ${mb(/^nodejs_heap_space_size_used_bytes\{space="(\w+)"\} (\S+)/gm)}`);
  log(`heap size MB: ${mb(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)/gm)}; ${mb(/^nodejs_(external_memory)_bytes (\S+)/gm)}`);
  process.stdout.write(`\nboard ÷ healthz ${(rate('board') / rate('healthz')).toFixed(3)}, sync ÷ baseline ${(rate('sync') / rate('baseline')).toFixed(3)}, BFF memory ${JSON.stringify(memoryOf(bff.pid!))}\n`);
} finally {
  bff.kill('SIGTERM');
  baseline?.kill('SIGTERM');
  await dropRunData(MYSQL, REDIS, RUN, 1500);
}
