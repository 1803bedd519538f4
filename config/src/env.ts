import { z } from 'zod';
import { DEFAULT_BUSINESS_TIME_ZONE, isKnownTimeZone } from '@calorie-bank/shared';
import { strictBase64 } from './keys.js';
import { mysqlUrlProblem, redisUrlProblem } from './urls.js';

const flag = z.enum(['0', '1']).transform((value) => value === '1');
const positiveInt = z.coerce.number().int().positive();

/** A `host:port` list for a Redis Cluster. */
const clusterNodes = z
  .string()
  .transform((value, ctx) => {
    const nodes = value.split(',').map((item) => item.trim()).filter(Boolean);
    const parsed = nodes.map((node) => {
      const match = /^(.+):(\d{1,5})$/.exec(node);
      if (!match) ctx.addIssue({ code: 'custom', message: `"${node}" is not host:port` });
      return { host: match?.[1] ?? '', port: Number(match?.[2] ?? 0) };
    });
    if (parsed.length === 0) ctx.addIssue({ code: 'custom', message: 'lists no node' });
    return parsed;
  });

const databaseUrl = z.string().superRefine((value, ctx) => {
  if (/^sqlite:.+/.test(value)) return;
  if (!value.startsWith('mysql:')) {
    ctx.addIssue({ code: 'custom', message: 'must be mysql://user:pass@host:port/db, sqlite:<file> or sqlite::memory:' });
    return;
  }
  const problem = mysqlUrlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const redisUrl = z.string().superRefine((value, ctx) => {
  const problem = redisUrlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const pem = z.string().transform((value) => value.replace(/\\n/g, '\n'));

/**
 * Every environment variable the BFF reads, with its default. Unknown variables are ignored;
 * a bad value stops the process with a message naming the variable.
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  DATABASE_URL: databaseUrl.default('sqlite:./data/calorie-bank.sqlite'),
  REDIS_URL: redisUrl.optional(),
  REDIS_CLUSTER_NODES: clusterNodes.optional(),
  REDIS_KEY_PREFIX: z.string().default('cb:'),
  PLATFORM: z.enum(['alipay', 'wechat']).default('alipay'),
  PLATFORM_SANDBOX: flag.optional(),
  ALIPAY_APP_ID: z.string().min(1).optional(),
  ALIPAY_APP_PRIVATE_KEY: pem.optional(),
  ALIPAY_PUBLIC_KEY: pem.optional(),
  ALIPAY_AES_KEY: z
    .string()
    .refine((value) => strictBase64(value)?.length === 16, 'must be 16 bytes, base64-encoded')
    .optional(),
  ALIPAY_GATEWAY: z.url().default('https://openapi.alipay.com/gateway.do'),
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  BUSINESS_TZ: z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default(DEFAULT_BUSINESS_TIME_ZONE),
  OPS_BOOTSTRAP_USER: z.string().min(1).optional(),
  OPS_BOOTSTRAP_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default('*'),
  RATE_LIMIT_SYNCS_PER_MINUTE: positiveInt.default(60),
  RATE_LIMIT_LOGINS_PER_MINUTE: positiveInt.default(30),
  /** Community posts and comments one user may write per minute (docs/posts.md). */
  RATE_LIMIT_POSTS_PER_MINUTE: positiveInt.default(5),
  RATE_LIMIT_COMMENTS_PER_MINUTE: positiveInt.default(20),
  /** Entry passes one user may ask for per minute: a pass lives 60 s and the pass page renews it once before that. */
  RATE_LIMIT_PASSES_PER_MINUTE: positiveInt.default(20),
  REPLAY_FLAG_MIN_STEPS: z.coerce.number().int().min(0).default(20_000),
  REPLAY_FLAG_MAX_USERS: positiveInt.default(3),
  STEPS_IMPLAUSIBLE_ABOVE: z.coerce.number().int().min(1).max(131_071).default(100_000),
  DAILY_COIN_CAP: positiveInt.default(600),
  /** Most workout coins (venue visits) one user earns a day, on top of the step cap. */
  WORKOUT_DAILY_COIN_CAP: z.coerce.number().int().min(0).max(100_000).default(300),
  DEFAULT_WEIGHT_KG: z.coerce.number().int().min(20).max(300).default(60),
  LEADERBOARD_TOP_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  DEMO_DATA: flag.optional(),
  /** Run the day-end settlement job in this process (on bullmq when Redis is configured). */
  DAY_END_SETTLEMENT: flag.default(true),
  H5_DIST: z.string().optional(),
  /** Where the BFF keeps its files (uploaded images; without JWT_SECRET outside production, the session key). */
  DATA_DIR: z.string().min(1).optional(),
  /** Where uploaded images are stored; defaults to `<DATA_DIR>/media`, or ./data/media. */
  MEDIA_DIR: z.string().min(1).optional(),
  /** 0: ignore forwarding headers; N: the BFF sits behind N trusted proxies and reads the client from X-Forwarded-For. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  /** Longest a request waits on the database (connect, lock or statement) before it answers SERVICE_UNAVAILABLE. */
  DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** 1: a transaction's unread writes go to MySQL with its next statement (multi-statement queries); 0: one statement a query. */
  DATABASE_BATCH_STATEMENTS: flag.default(true),
  /** Tests only: append the text of every SQL statement (never its parameters) to this file. */
  SQL_STATEMENT_LOG: z.string().min(1).optional(),
});

export type Env = z.infer<typeof EnvSchema>;
