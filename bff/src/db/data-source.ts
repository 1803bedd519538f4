import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@calorie-bank/config';
import { boundedMysql2, type DatabaseBounds } from './bounded-mysql.js';
import { statementLog } from './statement-log.js';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema.js';
import { MerchantsOffersVouchers1763900000000 } from './migrations/1763900000000-merchants-offers-vouchers.js';
import { CampaignsCommunitiesOperations1764000000000 } from './migrations/1764000000000-campaigns-communities-operations.js';
import { ExplicitCollations1764100000000 } from './migrations/1764100000000-explicit-collations.js';
import { IdempotentRequests1764500000000 } from './migrations/1764500000000-idempotent-requests.js';
import { VenuesVisits1764600000000 } from './migrations/1764600000000-venues-visits.js';
import { LikesAndEventStatus1764700000000 } from './migrations/1764700000000-likes-and-event-status.js';
import { BookingDeadline1764800000000 } from './migrations/1764800000000-booking-deadline.js';
import { CommunityPosts1765000000000 } from './migrations/1765000000000-community-posts.js';
import { KeptSecrets1765400000000 } from './migrations/1765400000000-kept-secrets.js';
import { PooledAccounts1765600000000 } from './migrations/1765600000000-pooled-accounts.js';
import { ContentCollectibles1765100000000 } from './migrations/1765100000000-content-collectibles.js';
import { CampaignTargets1765300000000 } from './migrations/1765300000000-campaign-targets.js';
import { ModeratorTools1765700000000 } from './migrations/1765700000000-moderator-tools.js';
import { FeedVersions1765800000000 } from './migrations/1765800000000-feed-versions.js';
import { BoardLikeChanges1765900000000 } from './migrations/1765900000000-board-like-changes.js';
import { SandboxWechat1765900000100 } from './migrations/1765900000100-sandbox-wechat.js';
import { StaleBoards1765900000200 } from './migrations/1765900000200-stale-boards.js';
import { BookingTurnedAway1766000000000 } from './migrations/1766000000000-booking-turned-away.js';
import { WithdrawnSlots1766100000000 } from './migrations/1766100000000-withdrawn-slots.js';

export const MIGRATIONS = [
  InitialSchema1763800000000,
  MerchantsOffersVouchers1763900000000,
  CampaignsCommunitiesOperations1764000000000,
  ExplicitCollations1764100000000,
  IdempotentRequests1764500000000,
  VenuesVisits1764600000000,
  LikesAndEventStatus1764700000000,
  BookingDeadline1764800000000,
  CommunityPosts1765000000000,
  KeptSecrets1765400000000,
  PooledAccounts1765600000000,
  ContentCollectibles1765100000000,
  CampaignTargets1765300000000,
  ModeratorTools1765700000000,
  FeedVersions1765800000000,
  BoardLikeChanges1765900000000,
  SandboxWechat1765900000100,
  StaleBoards1765900000200,
  BookingTurnedAway1766000000000,
  WithdrawnSlots1766100000000,
];

export const DEFAULT_DATABASE_TIMEOUT_MS = 5000;

export interface DatabaseOptions {
  poolSize?: number;
  /** Longest wait for a connection, a lock or a statement (DATABASE_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Tests only (SQL_STATEMENT_LOG): append every statement's text to this file. */
  statementLogPath?: string;
  /** MySQL: send a transaction's unread writes with its next statement (DATABASE_BATCH_STATEMENTS, default on). */
  batchStatements?: boolean;
}

const boundsBySource = new WeakMap<DataSource, DatabaseBounds>();

/** The bounds a data source was created with (the default for one made elsewhere). */
export function databaseBounds(dataSource: DataSource): DatabaseBounds {
  return boundsBySource.get(dataSource) ?? { timeoutMs: DEFAULT_DATABASE_TIMEOUT_MS, enabled: true };
}

/** Creates (but does not open) the TypeORM data source for MySQL/MariaDB or the embedded SQLite file. */
export function createDataSource(config: DatabaseConfig, options: DatabaseOptions = {}): DataSource {
  const bounds: DatabaseBounds = { timeoutMs: options.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS, enabled: true };
  const dataSource = buildDataSource(config, options, bounds);
  boundsBySource.set(dataSource, bounds);
  return dataSource;
}

function buildDataSource(config: DatabaseConfig, options: DatabaseOptions, bounds: DatabaseBounds): DataSource {
  if (config.type === 'mysql') {
    return new DataSource({
      type: 'mysql',
      url: config.url,
      migrations: MIGRATIONS,
      migrationsTransactionMode: 'each',
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: options.poolSize ?? 20,
      // A server that accepts TCP but never greets (paused, overloaded) fails the connect in time.
      connectTimeout: bounds.timeoutMs,
      driver: boundedMysql2(bounds),
      // No stack captured per statement (`trace`): it cost about 2% of a sync's CPU, and a failed
      // statement's error still says what failed.
      // TypeORM sends text queries, never prepared ones, yet mysql2 gives every pooled connection a
      // prepared-statement cache that fills four arrays of 16,000 slots up front (512 KB a
      // connection, 10 MB over a pool of 20); a small bound gives that memory back.
      extra: { enableKeepAlive: true, trace: false, maxPreparedStatements: 64 },
      // Writes whose results nobody reads go to the server with the transaction's next statement,
      // as one query (`statement-batch.ts`): a sync is two round trips instead of nine. Every
      // statement binds its values through the driver, so no text from a request reaches SQL.
      // Off for a server or proxy that refuses multi-statement queries.
      multipleStatements: options.batchStatements ?? true,
      logging: false,
      ...(options.statementLogPath ? { logger: statementLog(options.statementLogPath) } : {}),
    });
  }
  if (config.database !== ':memory:') mkdirSync(dirname(config.database), { recursive: true });
  return new DataSource({
    type: 'better-sqlite3',
    database: config.database,
    migrations: MIGRATIONS,
    // WAL lets readers go on while a sync writes; the one writer is serialized by `runInTransaction`.
    enableWAL: true,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma(`busy_timeout = ${Math.ceil(bounds.timeoutMs)}`);
      db.pragma('synchronous = NORMAL');
    },
    logging: false,
    ...(options.statementLogPath ? { logger: statementLog(options.statementLogPath) } : {}),
  });
}

/**
 * MySQL errors a migration meets when another process is running the same one: MySQL commits
 * each DDL statement at once, so no transaction keeps two processes starting on an empty
 * database from both starting a migration. Every migration begins with DDL that succeeds only
 * once (a table, column or index made), so the second process stops there with one of these
 * (exists, duplicate, or gone because the first dropped it) and runs again after the first.
 */
const MIGRATED_BY_ANOTHER = new Set([1050, 1054, 1060, 1061, 1062, 1091, 1146, 1826]);
/**
 * How long a process waits for another one's migrations: the other runs all of them (a few
 * seconds on an idle machine, much longer on a loaded one or with large tables), so the wait is
 * bounded by time rather than by a count of attempts.
 */
const MIGRATION_WAIT_MS = 180_000;

/**
 * Runs the pending migrations; on MySQL, when another BFF process starting at the same time
 * got to a migration first, waits and runs again, until the other process has recorded it.
 */
async function migrateAlongsideOthers(dataSource: DataSource): Promise<void> {
  const deadline = Date.now() + MIGRATION_WAIT_MS;
  for (;;) {
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      return;
    } catch (error) {
      const errno = (error as { driverError?: { errno?: number }; errno?: number }).driverError?.errno ?? (error as { errno?: number }).errno;
      if (dataSource.options.type !== 'mysql' || errno === undefined || !MIGRATED_BY_ANOTHER.has(errno) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
    }
  }
}

/** Opens the data source and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<DataSource> {
  const dataSource = createDataSource(config, options);
  const bounds = databaseBounds(dataSource);
  // Migrations may rebuild large tables; the request bounds start once the schema is current.
  bounds.enabled = false;
  try {
    await dataSource.initialize();
    await migrateAlongsideOthers(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  } finally {
    bounds.enabled = true;
  }
  return dataSource;
}
