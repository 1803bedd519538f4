/**
 * The multi-process run of `npm run bench`: nginx (deploy/nginx.conf) in front of 1 and then 3 BFF
 * processes on the same MariaDB and Redis, measuring /healthz, sync and the leaderboard through
 * nginx, with the 3-process figures as ratios of the 1-process ones from the same run. The BFFs
 * trust one sandbox platform in this process (as several processes share Alipay in production),
 * so a payload signed once is accepted by every process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { businessDate } from '@calorie-bank/shared';
import { SessionTokens } from '../bff/src/auth/tokens.js';
import { openDatabase } from '../bff/src/db/data-source.js';
import { startStandaloneSandbox } from '../bff/src/platform/sandbox/standalone.js';
import { startNginx } from '../tests/support/nginx-process.js';
import { freePort } from '../tests/support/ports.js';

export interface MultiProcessInput {
  root: string;
  mysqlRootUrl: string;
  redisUrl: string;
  connections: number;
  seconds: number;
  users: number;
  log: (message: string) => void;
}

interface Run {
  name: string;
  processes: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failed: number;
  /** What the failed requests were: answers by status, errors and timeouts, and what nginx logged meanwhile. */
  failures?: string;
}

const JWT_SECRET = 'bench-multi-process-secret-of-32-characters';

/** Users with a platform identity and a wallet, inserted in bulk (as bench/run.ts seeds its own); answers their ids. */
async function seedUsers(url: string, count: number): Promise<number[]> {
  const connection = await createConnection({ uri: url });
  const now = Date.now();
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, index) => start + index);
    await connection.query('INSERT INTO users (nickname, avatar_url, weight_kg, frozen, created_at) VALUES ?', [batch.map((index) => [`多进程${index}`, null, null, 0, now])]);
  }
  const [rows] = (await connection.query('SELECT id FROM users ORDER BY id')) as unknown as [{ id: number }[]];
  const ids = rows.map((row) => Number(row.id));
  for (let start = 0; start < ids.length; start += 1000) {
    const batch = ids.slice(start, start + 1000);
    await connection.query('INSERT INTO platform_identities (platform, platform_user_id, user_id, session_key, created_at) VALUES ?', [batch.map((id) => ['alipay', `2088mp${id}`, id, null, now])]);
    await connection.query('INSERT INTO ledger_accounts (kind, owner_id, balance, created_at) VALUES ?', [batch.map((id) => ['user_wallet', String(id), 0, now])]);
  }
  await connection.end();
  return ids;
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the BFF exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One set-up of `processes` BFFs behind nginx on a fresh database: the three measurements. */
async function measureSetup(input: MultiProcessInput, processes: number): Promise<Run[]> {
  const name = `cb_bench_mp${processes}_${process.pid}`;
  const admin = await createConnection({ uri: input.mysqlRootUrl });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const databaseUrl = `${input.mysqlRootUrl}/${name}`;
  const keyPrefix = `cbbench:${process.pid}:mp${processes}:`;
  const redis = new Redis(input.redisUrl);
  const stale = await redis.keys(`${keyPrefix}*`);
  if (stale.length > 0) await redis.del(...stale);
  redis.disconnect();
  await (await openDatabase({ type: 'mysql', url: databaseUrl })).destroy();

  const platform = await startStandaloneSandbox();
  const children: ChildProcess[] = [];
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    const ids = await seedUsers(databaseUrl, input.users);
    const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
    for (const port of ports) {
      const child = spawn(process.execPath, ['bff/dist/main.js'], {
        cwd: input.root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          REDIS_URL: input.redisUrl,
          REDIS_KEY_PREFIX: keyPrefix,
          JWT_SECRET,
          ...platform.alipayEnv,
          TRUST_PROXY: '1',
          LOG_LEVEL: 'warn',
          DAY_END_SETTLEMENT: '0',
          RATE_LIMIT_SYNCS_PER_MINUTE: '100000000',
          RATE_LIMIT_LOGINS_PER_MINUTE: '100000000',
        },
      });
      children.push(child);
    }
    await Promise.all(ports.map((port, index) => waitUntilReady(`http://127.0.0.1:${port}`, children[index])));
    nginx = await startNginx(ports);
    const url = nginx.url;

    const tokens = new SessionTokens(JWT_SECRET, 3600);
    const bearer = await Promise.all(ids.map(async (id) => `Bearer ${(await tokens.issue({ subject: String(id), audience: 'user' })).token}`));
    const today = businessDate(new Date(), 'Asia/Shanghai');
    const payloads = ids.map((_, index) =>
      JSON.stringify({ countDate: today, response: platform.sandbox.runDataResponse({ countDate: today, count: String(3_000 + ((index * 7919) % 15_000)) }) }),
    );
    const run = async (label: string, options: autocannon.Options): Promise<Run> => {
      input.log(`measuring ${label} through nginx over ${processes} BFF process${processes > 1 ? 'es' : ''}`);
      const logged = nginx!.errorLog().length;
      const result = await autocannon({ connections: input.connections, ...options });
      const failed = result.non2xx + result.errors;
      const statuses = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2'));
      const nginxLines = nginx!.errorLog().slice(logged).split('\n').filter(Boolean).slice(0, 3);
      return {
        name: label,
        processes,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        requests: result.requests.total,
        failed,
        ...(failed > 0
          ? {
              failures: [
                ...statuses.map(([code, stats]) => `${stats.count} answered ${code}`),
                ...(result.errors > 0 ? [`${result.errors} errors (${result.timeouts} of them timeouts)`] : []),
                ...nginxLines.map((line) => `nginx: ${line.replace(/^\S+ \S+ /, '').slice(0, 240)}`),
              ].join('; '),
            }
          : {}),
      };
    };
    await autocannon({ url: `${url}/healthz`, connections: 10, duration: 1 });
    const healthz = await run('GET /healthz', { url: `${url}/healthz`, duration: input.seconds });
    let next = 0;
    const sync = await run('POST /api/v1/steps/sync', {
      url: `${url}/api/v1/steps/sync`,
      amount: ids.length,
      requests: [
        {
          method: 'POST',
          setupRequest: (request: autocannon.Request) => {
            const index = next++ % ids.length;
            return { ...request, method: 'POST', body: payloads[index], headers: { 'content-type': 'application/json', authorization: bearer[index] } };
          },
        },
      ],
    });
    let reader = 0;
    const board = await run('GET /api/v1/leaderboards/daily', {
      url: `${url}/api/v1/leaderboards/daily?limit=50`,
      duration: input.seconds,
      requests: [{ method: 'GET', setupRequest: (request: autocannon.Request) => ({ ...request, headers: { authorization: bearer[(reader++ * 7) % bearer.length] } }) }],
    });
    return [healthz, sync, board];
  } finally {
    await nginx?.stop();
    for (const child of children) child.kill('SIGTERM');
    await platform.close();
    const dropper = await createConnection({ uri: input.mysqlRootUrl });
    await dropper.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await dropper.end();
  }
}

export interface MultiProcessResult {
  runs: Run[];
  /** 3-process req/s ÷ 1-process req/s, per route, measured in this run. */
  ratios: { healthz: number; sync: number; leaderboard: number };
  markdown: string[];
}

/** Measures 1 and then 3 BFF processes behind nginx; answers the runs, the ratios and their markdown. */
export async function measureMultiProcess(input: MultiProcessInput): Promise<MultiProcessResult> {
  const one = await measureSetup(input, 1);
  const three = await measureSetup(input, 3);
  const ratio = (index: number) => Number((three[index].requestsPerSecond / Math.max(1, one[index].requestsPerSecond)).toFixed(2));
  const ratios = { healthz: ratio(0), sync: ratio(1), leaderboard: ratio(2) };
  const runs = [...one, ...three];
  const markdown = [
    '## Several BFF processes behind nginx',
    '',
    `nginx (deploy/nginx.conf) in front of 1 and then 3 BFF processes, each set-up on a fresh database of ${input.users.toLocaleString('en')} users, the same MariaDB and Redis, all on this ${cpus().length}-core machine with autocannon; ${input.connections} connections.`,
    '',
    '| run | processes | req/s | p50 ms | p99 ms | requests | failed |',
    '|---|---|---|---|---|---|---|',
    ...runs.map((run) => `| ${run.name} | ${run.processes} | ${run.requestsPerSecond} | ${run.p50Ms} | ${run.p99Ms} | ${run.requests} | ${run.failed} |`),
    '',
    '| 3 processes ÷ 1 process (req/s) | ratio |',
    '|---|---|',
    `| /healthz | ${ratios.healthz} |`,
    `| sync | ${ratios.sync} |`,
    `| leaderboard | ${ratios.leaderboard} |`,
    '',
    ...runs.filter((run) => run.failures).map((run) => `Failed (${run.name}, ${run.processes} process${run.processes > 1 ? 'es' : ''}): ${run.failures}.`),
    ...(runs.some((run) => run.failures) ? [''] : []),
    'On one 2-core box the processes, nginx, MariaDB, Redis and the load generator share the same two cores, so',
    'more processes cannot add CPU: the ratios show what the balancer and the extra processes cost or gain here,',
    'not how the BFF scales across machines (docs/scale.md).',
    '',
  ];
  return { runs, ratios, markdown };
}
