import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { npmStartCommand } from '../../bench/setup.js';
import { spawnBff, type BffProcess } from '../support/bff-process.js';
import { deleteKeys } from '../support/harness.js';
import { availableServices, createMysqlDatabase, REDIS_URL } from '../support/services.js';

/**
 * The built bundle, as `npm start`, the deploy recipes and the bench run it: its own build (under
 * bff/, so that its packages resolve), started as `npm start` starts it. TypeORM and bullmq must
 * find stand-ins for the parts the BFF never uses (bff/src/unused-modules.mjs), and the BFF still
 * run on both databases it does use, with its settlement queue on Redis.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = `dist/bundle-test-${process.pid}`;
const services = await availableServices();
const running: BffProcess[] = [];
const dropped: (() => Promise<void>)[] = [];

/**
 * The driver modules TypeORM may load in the bundle: its own top-level ones, the two drivers the
 * BFF runs on (mysql2, better-sqlite3) with what they share, and SQL Server's parameter type,
 * which TypeORM's index exports.
 */
const USED_DRIVER_MODULE = /^driver\/(?:[^/]+\.js|(?:mysql|better-sqlite3|sqlite-abstract|types)\/.+|sqlserver\/MssqlParameter\.js)$/;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['bff/build.mjs'], { cwd: ROOT, env: { ...process.env, BFF_DIST: DIST } });
}, 120_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((bff) => bff.stop()));
});

afterAll(async () => {
  rmSync(`${ROOT}/bff/${DIST}`, { recursive: true, force: true });
  await Promise.allSettled(dropped.map((drop) => drop()));
});

/** Starts the bundle with module loading traced (NODE_DEBUG=module); answers its URL and the typeorm and bullmq modules it loaded. */
async function startBundle(env: Record<string, string>): Promise<{ url: string; typeormModules: () => string[]; bullmqModules: () => string[] }> {
  const start = npmStartCommand();
  const bff = spawnBff({ ...start.env, DEMO_DATA: '0', DAY_END_SETTLEMENT: '0', NODE_DEBUG: 'module', ...env }, { entry: `bff/${DIST}/main.js`, nodeArgs: start.flags });
  running.push(bff);
  const url = await bff.started;
  const loadedOf = (pkg: string) => () =>
    [...new Set([...bff.stderr().matchAll(new RegExp(`load "[^"]*node_modules/${pkg}/([^"]+)"`, 'g'))].map((match) => match[1]))];
  expect(start.env.MALLOC_ARENA_MAX).toBeDefined();
  return { url, typeormModules: loadedOf('typeorm'), bullmqModules: loadedOf('bullmq') };
}

/** Ready, and a sandbox user signs in and reads their profile: rows written and read through TypeORM. */
async function expectServing(url: string): Promise<void> {
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { authCode } = (await (await post('/sandbox/alipay/auth-code', { user: 'bundle-runner' })).json()) as { authCode: string };
  const login = await post('/api/v1/auth/login', { authCode });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
}

describe('the built bundle', () => {
  it('starts on SQLite as npm start does, without loading what TypeORM and bullmq carry for other databases', async () => {
    const { url, typeormModules, bullmqModules } = await startBundle({ DATABASE_URL: 'sqlite::memory:' });
    await expectServing(url);
    const loaded = typeormModules();
    expect(loaded).toContain('driver/better-sqlite3/BetterSqlite3QueryRunner.js');
    expect(loaded).toContain('driver/DriverFactory.js');
    expect(loaded.filter((path) => path.startsWith('driver/') && !USED_DRIVER_MODULE.test(path))).toEqual([]);
    expect(bullmqModules()).toContain('dist/cjs/index.js');
    expect(bullmqModules().filter((path) => path.startsWith('dist/cjs/postgres/'))).toEqual([]);
  }, 60_000);

  it.skipIf(!services.mysql || !services.redis)('starts on MariaDB and Redis, serves through the MySQL driver and schedules the settlement on bullmq', async () => {
    const database = await createMysqlDatabase();
    dropped.push(() => database.drop());
    const prefix = `cbtest:bundle:${randomBytes(4).toString('hex')}:`;
    dropped.push(() => deleteKeys(prefix));
    const { url, typeormModules, bullmqModules } = await startBundle({ DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: prefix, DAY_END_SETTLEMENT: '1' });
    await expectServing(url);
    const loaded = typeormModules();
    expect(loaded).toContain('driver/mysql/MysqlQueryRunner.js');
    expect(loaded.filter((path) => path.startsWith('driver/') && !USED_DRIVER_MODULE.test(path))).toEqual([]);
    // bullmq's Redis backend stored the day-end job scheduler; its PostgreSQL backend never loaded.
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('settlement', { connection, prefix: `${prefix}{settlement}` });
    try {
      await expect
        .poll(async () => (await queue.getJobSchedulers()).map((scheduler) => scheduler.key), { timeout: 10_000 })
        .toEqual(['day-end']);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(bullmqModules()).toContain('dist/cjs/classes/queue.js');
    expect(bullmqModules().filter((path) => path.startsWith('dist/cjs/postgres/'))).toEqual([]);
  }, 60_000);
});
