import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';

export const MYSQL_ROOT_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** With REQUIRE_SERVICES=1 (CI), a missing MariaDB, Redis or browser fails the run instead of skipping tests. */
export const SERVICES_REQUIRED = process.env.REQUIRE_SERVICES === '1';

async function reachable(check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    if (SERVICES_REQUIRED) throw new Error(`REQUIRE_SERVICES=1 but a service is unreachable: ${(error as Error).message}`);
    return false;
  }
}

let probed: Promise<{ mysql: boolean; redis: boolean }> | undefined;

/** Whether the real MariaDB and Redis on 127.0.0.1 answer; probed once per test file. */
export function availableServices(): Promise<{ mysql: boolean; redis: boolean }> {
  probed ??= (async () => ({
    mysql: await reachable(async () => {
      const connection = await createConnection({ uri: MYSQL_ROOT_URL, connectTimeout: 2000 });
      await connection.end();
    }),
    redis: await reachable(async () => {
      const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await redis.connect();
        await redis.ping();
      } finally {
        redis.disconnect();
      }
    }),
  }))();
  return probed;
}

/**
 * Creates an empty MariaDB database for one test file; `drop` removes it. By default it is made the
 * way a deployer makes one, with a plain `CREATE DATABASE` (the server's default collation), so the
 * tests run on what production runs on; `collation` asks for a stated one instead.
 */
export async function createMysqlDatabase(options: { collation?: 'utf8mb4_unicode_ci' | 'utf8mb4_general_ci' } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cb_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const connection = await createConnection({ uri: MYSQL_ROOT_URL });
  const stated = options.collation ? ` CHARACTER SET utf8mb4 COLLATE ${options.collation}` : '';
  await connection.query(`CREATE DATABASE \`${name}\`${stated}`);
  await connection.end();
  return {
    url: `${MYSQL_ROOT_URL}/${name}`,
    async drop() {
      const dropper = await createConnection({ uri: MYSQL_ROOT_URL });
      await dropper.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await dropper.end();
    },
  };
}

/**
 * The storage set-ups the API tests run on: MariaDB with Redis when both answer, and the embedded
 * SQLite default always. Each entry says whether it is available.
 */
export async function storageBackends(): Promise<[backend: 'mysql+redis' | 'sqlite', available: boolean][]> {
  const services = await availableServices();
  return [
    ['mysql+redis', services.mysql && services.redis],
    ['sqlite', true],
  ];
}
