/**
 * What the bench's scripts share: fresh databases with seeded users, the BFF started as
 * `npm start` runs it, signed step payloads, and a process's memory and CPU time from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * How `npm start` runs the built BFF, read from package.json: the variables set before `node` and
 * the node flags before the bundle (a small young generation, a heap grown by 40% of its live data,
 * fewer malloc arenas; docs/performance.md: memory). The bench and the bundle's test run it so.
 */
export function npmStartCommand(): { env: Record<string, string>; flags: string[] } {
  const start = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
  const command = /((?:\w+=\S+ )*)node ((?:--\S+ )*)bff\/dist\/main\.js/.exec(start);
  if (!command) throw new Error(`npm start does not run bff/dist/main.js with node: ${start}`);
  const words = (text: string) => text.trim().split(' ').filter(Boolean);
  return { env: Object.fromEntries(words(command[1]).map((word) => word.split('=', 2))), flags: words(command[2]) };
}
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret!';

/** Drops and creates database `name` on the server at `mysqlUrl`; answers its URL. */
export async function freshDatabase(mysqlUrl: string, name: string): Promise<string> {
  const connection = await createConnection({ uri: mysqlUrl });
  await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
  return `${mysqlUrl}/${name}`;
}

/** Users with a platform identity and an empty wallet, inserted in bulk; answers their ids. */
export async function seedUsers(url: string, count: number): Promise<number[]> {
  const connection = await createConnection({ uri: url });
  const now = Date.now();
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, index) => start + index);
    await connection.query('INSERT INTO users (nickname, avatar_url, weight_kg, frozen, created_at) VALUES ?', [
      batch.map((index) => [`跑者${index}`, null, null, 0, now]),
    ]);
  }
  const [rows] = (await connection.query('SELECT id FROM users ORDER BY id')) as unknown as [{ id: number }[]];
  const ids = rows.map((row) => Number(row.id));
  for (let start = 0; start < ids.length; start += 1000) {
    const batch = ids.slice(start, start + 1000);
    await connection.query('INSERT INTO platform_identities (platform, platform_user_id, user_id, session_key, created_at) VALUES ?', [
      batch.map((id) => ['alipay', `2088bench${id}`, id, null, now]),
    ]);
    await connection.query('INSERT INTO ledger_accounts (kind, owner_id, balance, created_at) VALUES ?', [
      batch.map((id) => ['user_wallet', String(id), 0, now]),
    ]);
  }
  await connection.end();
  return ids;
}

export async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

/** A process's CPU time so far (all its threads), in seconds, from /proc/<pid>/stat: user + system, and the user part. */
export function cpuTimesOf(pid: number): { total: number; user: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [user, system] = [Number(fields[11]) / 100, Number(fields[12]) / 100];
  return { total: user + system, user };
}

export function spawnNode(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, ...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
}

export function buildBff(): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ['bff/build.mjs'], { cwd: ROOT, stdio: 'inherit' }).once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build exited ${code}`)))),
  );
}

/** Starts the built BFF on `port` as `npm start` runs it, with rate limits out of the way of the loads. */
export function spawnBff(input: { port: number; databaseUrl: string; redisUrl: string; keyPrefix: string; nodeFlags?: string[]; main?: string }): ChildProcess {
  const start = npmStartCommand();
  return spawnNode(
    input.main ?? 'bff/dist/main.js',
    {
      PORT: String(input.port),
      DATABASE_URL: input.databaseUrl,
      REDIS_URL: input.redisUrl,
      REDIS_KEY_PREFIX: input.keyPrefix,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      DEMO_DATA: '0',
      PLATFORM_SANDBOX: '1',
      RATE_LIMIT_SYNCS_PER_MINUTE: '100000000',
      RATE_LIMIT_LOGINS_PER_MINUTE: '100000000',
      RATE_LIMIT_POSTS_PER_MINUTE: '100000000',
      RATE_LIMIT_COMMENTS_PER_MINUTE: '100000000',
      RATE_LIMIT_PASSES_PER_MINUTE: '100000000',
      OPS_BOOTSTRAP_USER: 'bench-ops',
      OPS_BOOTSTRAP_PASSWORD: 'bench-ops-password',
      ...start.env,
    },
    // Without the source maps `npm start` keeps for readable stack traces: their parsed map stays in memory (docs/performance.md: memory).
    [...start.flags.filter((flag) => flag !== '--enable-source-maps'), ...(input.nodeFlags ?? [])],
  );
}

/** Step payloads signed by the sandbox platform, one per count, as a sync request's body. */
export async function signedPayloads(bffUrl: string, date: string, counts: number[]): Promise<string[]> {
  const payloads: string[] = new Array(counts.length);
  for (let start = 0; start < counts.length; start += 32) {
    await Promise.all(
      counts.slice(start, start + 32).map(async (count, offset) => {
        const answer = await fetch(`${bffUrl}/sandbox/alipay/run-data`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ countDate: date, count: String(count) }),
        });
        const { response } = (await answer.json()) as { response: string };
        payloads[start + offset] = JSON.stringify({ countDate: date, response });
      }),
    );
  }
  return payloads;
}

/** Drops a run's databases (`cb_bench_<run>`, `cb_bench_base_<run>`) and Redis keys once its processes have had `waitMs` to stop. */
export async function dropRunData(mysqlUrl: string, redisUrl: string, run: string, waitMs: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  const connection = await createConnection({ uri: mysqlUrl });
  for (const name of [`cb_bench_${run}`, `cb_bench_base_${run}`]) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.end();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`cbbench:${run}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
