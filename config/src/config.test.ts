import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
      rateLimits: { syncsPerMinute: 60, loginsPerMinute: 30, passesPerMinute: 20 },
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

  it('refuses a database or Redis URL the driver would read loosely, naming the variable and never the password', () => {
    const refused: Record<string, string[]> = {
      DATABASE_URL: [
        'mysql://root:S3cretPass@127.0.0.1:notaport/cb', // mysql2 would fall back on port 3306: another server
        'mysql://root:S3cretPass@127.0.0.1:99999/cb',
        'mysql://root:S3cretPass@127.0.0.1:0/cb',
        'mysql://root:S3cret%zzPass@127.0.0.1/cb',
        'mysql:///cb',
        'mysql://root:S3cretPass@127.0.0.1:3306/',
        'mysql://root:S3cretPass@127.0.0.1:3306/a/b',
        'mysql://root:S3cretPass@[::1]:3306/cb',
        'mysql://root:S3cretPass@127.0.0.1:3306/c%62',
      ],
      REDIS_URL: ['redis://', 'redis://:S3cretPass@127.0.0.1:notaport/0', 'redis://:S3cretPass@127.0.0.1:6379/abc', 'redis://:S3cret%zzPass@127.0.0.1/0', 'http://127.0.0.1:6379'],
    };
    for (const [name, values] of Object.entries(refused)) {
      for (const value of values) {
        const problems = problemsOf({ [name]: value });
        expect(problems, value).toHaveLength(1);
        expect(problems[0], value).toMatch(new RegExp(`^${name}: `));
        expect(problems[0], value).not.toMatch(/S3cret/);
      }
    }
    for (const value of ['mysql://root:p%40ss@db.internal:3306/calorie_bank', 'mysql://u@localhost/db?charset=utf8mb4']) expect(problemsOf({ DATABASE_URL: value }), value).toEqual([]);
    for (const value of ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379/', 'rediss://user:p%40ss@cache.internal:6380/3']) expect(problemsOf({ REDIS_URL: value }), value).toEqual([]);
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

  describe('Alipay keys', () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keys = {
      PLATFORM_SANDBOX: '0',
      ALIPAY_APP_ID: '2021000000000001',
      ALIPAY_APP_PRIVATE_KEY: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
      ALIPAY_PUBLIC_KEY: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      ALIPAY_AES_KEY: randomBytes(16).toString('base64'),
    };

    it('takes PKCS#1 or PKCS#8 PEM and bare base64 bodies, and hands the adapter PEM', () => {
      const bare = (pair.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64');
      const publicBare = (pair.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
      for (const variant of [keys, { ...keys, ALIPAY_APP_PRIVATE_KEY: bare, ALIPAY_PUBLIC_KEY: publicBare }]) {
        const { alipay } = loadConfig(variant);
        expect(alipay?.appPrivateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
        expect(alipay?.alipayPublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      }
    });

    it.each([
      ['ALIPAY_APP_PRIVATE_KEY', '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----'],
      ['ALIPAY_APP_PRIVATE_KEY', 'c2VjcmV0LWJ1dC1ub3QtYS1rZXk='],
      ['ALIPAY_PUBLIC_KEY', 'public-key-typed-by-hand'],
      ['ALIPAY_PUBLIC_KEY', pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string],
      ['ALIPAY_AES_KEY', 'bm90LTE2LWJ5dGVz'],
      ['ALIPAY_AES_KEY', `${randomBytes(16).toString('base64')}!`],
    ])('stops on a malformed %s with one sentence naming it, never the value', (name, value) => {
      const error = (() => {
        try {
          loadConfig({ ...keys, [name]: value });
        } catch (caught) {
          return caught as Error;
        }
        throw new Error('expected a ConfigError');
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message.split('\n')).toHaveLength(1);
      expect(error.message).toContain(name);
      for (const line of value.split('\n').filter((part) => part !== '' && !part.startsWith('-----'))) expect(error.message).not.toContain(line);
    });
  });
});
