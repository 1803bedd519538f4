import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnBff, type BffProcess } from '../support/bff-process.js';
import { availableServices, MYSQL_ROOT_URL } from '../support/services.js';
import { createConnection } from 'mysql2/promise';

/**
 * The built bundle, as `npm start`, the deploy recipes and the bench run it: its own build (under
 * bff/, so that its packages resolve), started with the node flags of `npm start`. TypeORM must
 * find only stand-ins for the drivers the BFF never uses (bff/src/db/typeorm-drivers.mjs) and
 * still run on both databases the BFF does use.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = `dist/bundle-test-${process.pid}`;
const services = await availableServices();
const running: BffProcess[] = [];
const databases: string[] = [];

/** The node flags of `npm start`: whatever stands between `node` and the bundle. */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
  const flags = /\bnode ((?:--\S+ )*)bff\/dist\/main\.js/.exec(start);
  if (!flags) throw new Error(`npm start does not run bff/dist/main.js with node: ${start}`);
  return flags[1].trim().split(' ').filter(Boolean);
}

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['bff/build.mjs'], { cwd: ROOT, env: { ...process.env, BFF_DIST: DIST } });
}, 120_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((bff) => bff.stop()));
});

afterAll(async () => {
  rmSync(`${ROOT}/bff/${DIST}`, { recursive: true, force: true });
  if (databases.length === 0) return;
  const connection = await createConnection({ uri: MYSQL_ROOT_URL });
  for (const name of databases) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.end();
});

/** Starts the bundle with module loading traced (NODE_DEBUG=module); answers its URL and the typeorm modules it loaded. */
async function startBundle(env: Record<string, string>): Promise<{ url: string; typeormModules: () => string[] }> {
  const bff = spawnBff({ DEMO_DATA: '0', DAY_END_SETTLEMENT: '0', NODE_DEBUG: 'module', ...env }, { entry: `bff/${DIST}/main.js`, nodeArgs: startFlags() });
  running.push(bff);
  const url = await bff.started;
  const typeormModules = () => [...new Set([...bff.stderr().matchAll(/load "[^"]*node_modules\/typeorm\/([^"]+)"/g)].map((match) => match[1]))];
  return { url, typeormModules };
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
  it('starts on SQLite with the flags of npm start, without loading the drivers it never uses', async () => {
    const { url, typeormModules } = await startBundle({ DATABASE_URL: 'sqlite::memory:' });
    await expectServing(url);
    const loaded = typeormModules();
    expect(loaded).toContain('driver/better-sqlite3/BetterSqlite3QueryRunner.js');
    expect(loaded).toContain('driver/mysql/MysqlDriver.js');
    for (const unused of ['sap', 'spanner', 'sqlserver', 'oracle', 'postgres', 'cockroachdb', 'mongodb', 'aurora-mysql']) {
      expect(loaded.filter((path) => path.startsWith(`driver/${unused}/`) && !path.endsWith('MssqlParameter.js'))).toEqual([]);
    }
  }, 60_000);

  it.skipIf(!services.mysql)('starts on MariaDB and serves through the MySQL driver', async () => {
    const name = `cb_bundle_${randomBytes(4).toString('hex')}`;
    databases.push(name);
    const connection = await createConnection({ uri: MYSQL_ROOT_URL });
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await connection.end();
    const { url, typeormModules } = await startBundle({ DATABASE_URL: `${MYSQL_ROOT_URL}/${name}` });
    await expectServing(url);
    expect(typeormModules()).toContain('driver/mysql/MysqlQueryRunner.js');
    expect(typeormModules().filter((path) => path.startsWith('driver/postgres/'))).toEqual([]);
  }, 60_000);
});
