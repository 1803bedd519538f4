import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@calorie-bank/config';
import { createApp } from './app.js';
import { answerClientErrors } from './http/client-errors.js';
import { SessionTokens } from './auth/tokens.js';
import { connectRedis, waitForRedis } from './cache/redis.js';
import { CacheInvalidation } from './cache/invalidation.js';
import { FeedPages } from './feed/feed-pages.js';
import { NICKNAME_CACHE } from './cache/topics.js';
import { startSettlementScheduler } from './settlement/scheduler.js';
import { startOverdueVisitSweeper } from './settlement/overdue-visits.js';
import { keepSessionKeyInDatabase } from './auth/session-key-startup.js';
import { openDatabase } from './db/data-source.js';
import { DailyLeaderboard } from './leaderboard/daily-leaderboard.js';
import { DiskImageStore } from './media/image-store.js';
import { Metrics } from './metrics.js';
import { AlipayPlatform } from './platform/alipay.js';
import { generateSandboxKeys } from './platform/sandbox/keys.js';
import { SandboxPlatform } from './platform/sandbox/sandbox-platform.js';
import { databaseWechatStore } from './platform/sandbox/wechat-store.js';
import type { PlatformAdapter } from './platform/types.js';
import { WechatPlatform } from './platform/wechat.js';
import type { ServiceContext } from './services/context.js';
import { bootstrapOperator } from './services/staff.js';
import { activeMembersAmong } from './db/content.js';
import { databaseStartupError, listenStartupError } from './startup.js';

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:8080 */
  url: string;
  server: Server;
  context: ServiceContext;
  redis: Redis | Cluster | null;
  /** The sandbox open platform, when it is mounted. */
  sandbox?: SandboxPlatform;
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** The clock; tests move it. */
  now?: () => Date;
  /** Collect process metrics (off in tests, where many servers share a process). */
  defaultMetrics?: boolean;
  /** Open this database instead of the configured one (tests share one per file). */
  db?: DataSource;
}

function platformFor(config: AppConfig, sandbox: SandboxPlatform | undefined): PlatformAdapter {
  if (config.platform === 'alipay') return new AlipayPlatform(sandbox?.keys.alipay ?? config.alipay!);
  return new WechatPlatform(sandbox?.keys.wechat ?? config.wechat!);
}

/**
 * Listens first (answering 503 until ready), then opens the database and cache and mounts the
 * app. Listening first lets the sandbox platform know its own address, which its keys name as
 * the gateway, also when the port is chosen by the system.
 */
export async function startServer(config: AppConfig, options: StartOptions): Promise<RunningServer> {
  const { logger } = options;
  const server = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Starting up; try again in a moment' } }));
  });
  answerClientErrors(server);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenStartupError(config.host, config.port, error)));
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let db: DataSource | undefined;
  let redis: Redis | Cluster | null = null;
  let invalidation: CacheInvalidation | undefined;
  try {
    db =
      options.db ??
      (await openDatabase(config.database, { timeoutMs: config.databaseTimeoutMs, batchStatements: config.databaseBatchStatements, statementLogPath: config.sqlStatementLog }).catch((error: unknown) => {
        throw databaseStartupError(config.database, error);
      }));
    await keepSessionKeyInDatabase(config, db, logger);
    redis = connectRedis(config.redis);
    let lastReported = 0;
    redis?.on('error', (error: Error) => {
      // ioredis reports every failed reconnect; one line every ten seconds says enough.
      if (Date.now() - lastReported < 10_000) return;
      lastReported = Date.now();
      logger.warn({ err: error }, 'Redis is failing; the database serves leaderboards meanwhile');
    });
    if (redis && !(await waitForRedis(redis))) {
      logger.warn('Redis is not reachable yet: leaderboards are served from the database until it is');
    }
    const sandbox = config.sandbox ? new SandboxPlatform(generateSandboxKeys(`${url}/sandbox`), databaseWechatStore(db)) : undefined;
    const metrics = new Metrics({ defaultMetrics: options.defaultMetrics });
    const now = options.now ?? (() => new Date());
    const database = db;
    const leaderboard = new DailyLeaderboard(db, redis, metrics, logger, {
      topPageTtlMs: config.leaderboardTopCacheMs,
      membersAmong: async (userIds) => new Set(await activeMembersAmong(database.manager, userIds, now().getTime())),
    });
    if (redis && config.redis.mode !== 'none') {
      invalidation = new CacheInvalidation(redis, config.redis.keyPrefix, logger);
      invalidation.on(NICKNAME_CACHE, (userId) => leaderboard.forgetNickname(userId), () => leaderboard.forgetAllNicknames());
    }
    const context: ServiceContext = {
      config,
      db,
      platform: platformFor(config, sandbox),
      leaderboard,
      feedPages: new FeedPages(db.manager, redis, logger),
      invalidation,
      tokens: new SessionTokens(config.jwtSecret, config.sessionTtlSeconds, now),
      media: new DiskImageStore(config.mediaDir),
      metrics,
      logger,
      now,
    };
    if (config.opsBootstrap) {
      const outcome = await bootstrapOperator(context, config.opsBootstrap.username, config.opsBootstrap.password);
      if (outcome === 'created') logger.info({ username: config.opsBootstrap.username }, 'created the first operator account');
      if (outcome === 'username-taken') logger.warn('OPS_BOOTSTRAP_USER names a merchant account: no operator was created from it');
    }
    const settlement = config.dayEndSettlement ? startSettlementScheduler(context, config.redis) : null;
    const sweeper = config.dayEndSettlement ? startOverdueVisitSweeper(context) : null;
    const app = createApp({ context, redis, logger, sandbox, h5Dist: config.h5Dist });
    server.removeAllListeners('request');
    server.on('request', app.callback());

    const ownDb = !options.db;
    const openRedis = redis;
    return {
      url,
      server,
      context,
      redis,
      sandbox,
      async close() {
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await settlement?.close();
        await sweeper?.close();
        invalidation?.close();
        openRedis?.disconnect();
        if (ownDb && db?.isInitialized) await db.destroy();
      },
    };
  } catch (error) {
    server.close();
    invalidation?.close();
    redis?.disconnect();
    if (!options.db && db?.isInitialized) await db.destroy();
    throw error;
  }
}
