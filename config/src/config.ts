import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CoinRules } from '@calorie-bank/shared';
import { EnvSchema, type Env } from './env.js';
import { rsaPrivateKeyPem, rsaPublicKeyPem } from './keys.js';

export type DatabaseConfig = { type: 'mysql'; url: string } | { type: 'better-sqlite3'; database: string };

export type RedisConfig =
  | { mode: 'none' }
  | { mode: 'single'; url: string; keyPrefix: string }
  | { mode: 'cluster'; nodes: { host: string; port: number }[]; keyPrefix: string };

export interface AlipayKeys {
  appId: string;
  appPrivateKey: string;
  alipayPublicKey: string;
  aesKey: string;
  gateway: string;
}

export interface WechatKeys {
  appId: string;
  appSecret: string;
  apiBase: string;
}

/** The BFF's whole configuration, derived once from the environment. */
export interface AppConfig {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  database: DatabaseConfig;
  redis: RedisConfig;
  platform: 'alipay' | 'wechat';
  /** Mount the built-in sandbox open platform and use its keys. */
  sandbox: boolean;
  /** Set when real keys were given; the sandbox brings its own. */
  alipay?: AlipayKeys;
  wechat?: WechatKeys;
  jwtSecret: string;
  /** True when no JWT_SECRET was given and a random one is in use. */
  jwtSecretGenerated: boolean;
  sessionTtlSeconds: number;
  businessTimeZone: string;
  coinRules: CoinRules;
  /** Workout coin rules (contract section 5). */
  workoutRules: { dailyCoinCap: number };
  opsBootstrap?: { username: string; password: string };
  logLevel: Env['LOG_LEVEL'];
  corsOrigins: '*' | string[];
  rateLimits: { syncsPerMinute: number; loginsPerMinute: number; postsPerMinute: number; commentsPerMinute: number; passesPerMinute: number };
  replay: { minSteps: number; maxUsers: number };
  /** How long a process reuses the top of a board it read; 0 reads it every time. */
  leaderboardTopCacheMs: number;
  demoData: boolean;
  /** Whether this process takes part in the day-end settlement job. */
  dayEndSettlement: boolean;
  h5Dist?: string;
  /** The data directory when DATA_DIR is given. */
  dataDir?: string;
  /** Where uploaded images are stored on disk. */
  mediaDir: string;
  /** How many reverse proxies in front of the BFF are trusted to set X-Forwarded-For (0: none). */
  trustProxy: number;
  /** Longest a request waits on the database (connect, lock or statement) before answering SERVICE_UNAVAILABLE. */
  databaseTimeoutMs: number;
  /** Whether a MySQL transaction's unread writes go with its next statement, as one multi-statement query. */
  databaseBatchStatements: boolean;
  /** Tests only: a file that receives the text of every SQL statement issued (no parameters). */
  sqlStatementLog?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}`
        : `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function databaseConfig(url: string): DatabaseConfig {
  if (url.startsWith('mysql://')) return { type: 'mysql', url };
  return { type: 'better-sqlite3', database: url.slice('sqlite:'.length) };
}

/**
 * Parses and checks the environment. Throws `ConfigError` listing every bad variable by name;
 * never echoes a value, since some are secrets.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const alipayGiven = [env.ALIPAY_APP_ID, env.ALIPAY_APP_PRIVATE_KEY, env.ALIPAY_PUBLIC_KEY, env.ALIPAY_AES_KEY];
  const wechatGiven = [env.WECHAT_APP_ID, env.WECHAT_APP_SECRET];
  const keysGiven = env.PLATFORM === 'alipay' ? alipayGiven : wechatGiven;
  const sandbox = env.PLATFORM_SANDBOX ?? (!production && keysGiven.every((value) => value === undefined));

  // Keys are checked whenever given, also when the sandbox leaves them unused: a bad value is a mistake either way.
  const appPrivateKey = env.ALIPAY_APP_PRIVATE_KEY === undefined ? undefined : rsaPrivateKeyPem(env.ALIPAY_APP_PRIVATE_KEY);
  if (appPrivateKey === null) {
    problems.push('ALIPAY_APP_PRIVATE_KEY: must be an RSA private key, PEM (PKCS#1 or PKCS#8) or its base64 body');
  }
  const alipayPublicKey = env.ALIPAY_PUBLIC_KEY === undefined ? undefined : rsaPublicKeyPem(env.ALIPAY_PUBLIC_KEY);
  if (alipayPublicKey === null) problems.push("ALIPAY_PUBLIC_KEY: must be Alipay's RSA public key, PEM or its base64 body");

  let alipay: AlipayKeys | undefined;
  let wechat: WechatKeys | undefined;
  if (!sandbox && env.PLATFORM === 'alipay') {
    if (alipayGiven.some((value) => value === undefined)) {
      problems.push('ALIPAY_APP_ID, ALIPAY_APP_PRIVATE_KEY, ALIPAY_PUBLIC_KEY and ALIPAY_AES_KEY: all are required unless PLATFORM_SANDBOX=1');
    } else {
      alipay = {
        appId: env.ALIPAY_APP_ID!,
        appPrivateKey: appPrivateKey!,
        alipayPublicKey: alipayPublicKey!,
        aesKey: env.ALIPAY_AES_KEY!,
        gateway: env.ALIPAY_GATEWAY,
      };
    }
  }
  if (!sandbox && env.PLATFORM === 'wechat') {
    if (wechatGiven.some((value) => value === undefined)) {
      problems.push('WECHAT_APP_ID and WECHAT_APP_SECRET: both are required unless PLATFORM_SANDBOX=1');
    } else {
      wechat = { appId: env.WECHAT_APP_ID!, appSecret: env.WECHAT_APP_SECRET!, apiBase: env.WECHAT_API_BASE };
    }
  }
  if (production && !env.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (production && sandbox) problems.push('PLATFORM_SANDBOX: the sandbox platform cannot run with NODE_ENV=production');
  if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) problems.push('REDIS_URL and REDIS_CLUSTER_NODES: set one, not both');
  if ((env.OPS_BOOTSTRAP_USER === undefined) !== (env.OPS_BOOTSTRAP_PASSWORD === undefined)) {
    problems.push('OPS_BOOTSTRAP_USER and OPS_BOOTSTRAP_PASSWORD: set both or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const redis: RedisConfig = env.REDIS_CLUSTER_NODES
    ? { mode: 'cluster', nodes: env.REDIS_CLUSTER_NODES, keyPrefix: env.REDIS_KEY_PREFIX }
    : env.REDIS_URL
      ? { mode: 'single', url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX }
      : { mode: 'none' };

  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    database: databaseConfig(env.DATABASE_URL),
    redis,
    platform: env.PLATFORM,
    sandbox,
    alipay,
    wechat,
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    jwtSecretGenerated: env.JWT_SECRET === undefined,
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    businessTimeZone: env.BUSINESS_TZ,
    coinRules: {
      defaultWeightKg: env.DEFAULT_WEIGHT_KG,
      dailyCoinCap: env.DAILY_COIN_CAP,
      implausibleStepsAbove: env.STEPS_IMPLAUSIBLE_ABOVE,
    },
    workoutRules: { dailyCoinCap: env.WORKOUT_DAILY_COIN_CAP },
    opsBootstrap: env.OPS_BOOTSTRAP_USER
      ? { username: env.OPS_BOOTSTRAP_USER, password: env.OPS_BOOTSTRAP_PASSWORD! }
      : undefined,
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS === '*' ? '*' : env.CORS_ORIGINS.split(',').map((origin) => origin.trim()),
    rateLimits: {
      syncsPerMinute: env.RATE_LIMIT_SYNCS_PER_MINUTE,
      loginsPerMinute: env.RATE_LIMIT_LOGINS_PER_MINUTE,
      postsPerMinute: env.RATE_LIMIT_POSTS_PER_MINUTE,
      commentsPerMinute: env.RATE_LIMIT_COMMENTS_PER_MINUTE,
      passesPerMinute: env.RATE_LIMIT_PASSES_PER_MINUTE,
    },
    replay: { minSteps: env.REPLAY_FLAG_MIN_STEPS, maxUsers: env.REPLAY_FLAG_MAX_USERS },
    leaderboardTopCacheMs: env.LEADERBOARD_TOP_CACHE_MS,
    demoData: env.DEMO_DATA ?? env.NODE_ENV === 'development',
    dayEndSettlement: env.DAY_END_SETTLEMENT,
    h5Dist: env.H5_DIST,
    dataDir: env.DATA_DIR,
    mediaDir: env.MEDIA_DIR ?? join(env.DATA_DIR ?? './data', 'media'),
    trustProxy: env.TRUST_PROXY,
    databaseTimeoutMs: env.DATABASE_TIMEOUT_MS,
    databaseBatchStatements: env.DATABASE_BATCH_STATEMENTS,
    sqlStatementLog: env.SQL_STATEMENT_LOG,
  };
}


