import { loadConfig, type AppConfig } from '@calorie-bank/config';
import { addDays } from '@calorie-bank/shared';
import { createLogger, startServer, type RunningServer } from '@calorie-bank/bff';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createMysqlDatabase, REDIS_URL } from './services.js';

export type Backend = 'mysql+redis' | 'mysql' | 'sqlite';

/** A moveable clock: tests sync "today" and "yesterday" without depending on the real date. */
export class TestClock {
  constructor(public at = new Date('2026-06-15T10:00:00+08:00')) {}
  now = (): Date => this.at;
  /** Today in Asia/Shanghai at the clock's time. */
  get today(): string {
    return new Date(this.at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  }
  get yesterday(): string {
    return addDays(this.today, -1);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export interface TestServer extends RunningServer {
  clock: TestClock;
  config: AppConfig;
  keyPrefix: string;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Collation stated when the MariaDB database is made; unset, a plain CREATE DATABASE as a deployer types it. */
  collation?: 'utf8mb4_unicode_ci' | 'utf8mb4_general_ci';
  logger?: Logger;
}

/**
 * Starts the real BFF over HTTP on a free port with the sandbox platform, on a fresh MariaDB
 * database (and a Redis key prefix of its own) or an in-memory SQLite database.
 */
export async function startTestServer(backend: Backend, env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const keyPrefix = `cbtest:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
  const mysql = backend === 'sqlite' ? null : await createMysqlDatabase({ collation: options.collation });
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    PLATFORM_SANDBOX: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: '0',
    DAY_END_SETTLEMENT: '0',
    // Every test user signs in from 127.0.0.1; tests of the limit itself set their own.
    RATE_LIMIT_LOGINS_PER_MINUTE: '1000',
    DATABASE_URL: mysql ? mysql.url : 'sqlite::memory:',
    ...(backend === 'mysql+redis' ? { REDIS_URL, REDIS_KEY_PREFIX: keyPrefix } : {}),
    ...env,
  });
  const clock = new TestClock();
  const running = await startServer(config, { logger: options.logger ?? createLogger(config.logLevel), now: clock.now });
  return {
    ...running,
    clock,
    config,
    keyPrefix,
    async stop() {
      await running.close();
      if (running.redis) await deleteKeys(keyPrefix);
      await mysql?.drop();
    },
  };
}

/** Removes every Redis key under a test's prefix. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
