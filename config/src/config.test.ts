import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('runs on the embedded defaults with the sandbox platform', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      database: { type: 'better-sqlite3', database: './data/calorie-bank.sqlite' },
      redis: { mode: 'none' },
      platform: 'alipay',
      sandbox: true,
      businessTimeZone: 'Asia/Shanghai',
      coinRules: { defaultWeightKg: 60, dailyCoinCap: 600, implausibleStepsAbove: 100_000 },
      rateLimits: { syncsPerMinute: 60, loginsPerMinute: 30 },
      jwtSecretGenerated: true,
    });
  });

  it('reads MySQL, Redis and a Redis Cluster', () => {
    expect(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/test', REDIS_URL: 'redis://127.0.0.1:6379/0' })).toMatchObject({
      database: { type: 'mysql' },
      redis: { mode: 'single', url: 'redis://127.0.0.1:6379/0' },
    });
    expect(loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000, 127.0.0.1:7001' }).redis).toMatchObject({
      mode: 'cluster',
      nodes: [{ host: '127.0.0.1', port: 7000 }, { host: '127.0.0.1', port: 7001 }],
    });
  });

  it('names every bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'postgres://x', BUSINESS_TZ: 'Mars/Olympus', PLATFORM: 'douyin' });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/BUSINESS_TZ/);
    expect(problems.join('\n')).toMatch(/PLATFORM/);
  });

  it('requires a JWT secret and real platform keys in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.join('\n')).toMatch(/JWT_SECRET/);
    expect(problems.join('\n')).toMatch(/ALIPAY_APP_ID/);
  });

  it('never echoes a secret in its complaints', () => {
    const error = (() => {
      try {
        loadConfig({ JWT_SECRET: 'short-secret-value', ALIPAY_AES_KEY: 'bm90LTE2LWJ5dGVz' });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.message).toMatch(/JWT_SECRET/);
    expect(error.message).toMatch(/ALIPAY_AES_KEY/);
    expect(error.message).not.toMatch(/short-secret-value|bm90LTE2LWJ5dGVz/);
  });

  it('caps the implausible limit where leaderboard scores can still hold it', () => {
    expect(problemsOf({ STEPS_IMPLAUSIBLE_ABOVE: '200000' }).join('\n')).toMatch(/STEPS_IMPLAUSIBLE_ABOVE/);
  });
});
