import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@calorie-bank/config';
import { boundedMysql2, type DatabaseBounds } from './bounded-mysql.js';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema.js';
import { MerchantsOffersVouchers1763900000000 } from './migrations/1763900000000-merchants-offers-vouchers.js';
import { CampaignsCommunitiesOperations1764000000000 } from './migrations/1764000000000-campaigns-communities-operations.js';
import { ExplicitCollations1764100000000 } from './migrations/1764100000000-explicit-collations.js';
import { IdempotentRequests1764500000000 } from './migrations/1764500000000-idempotent-requests.js';
import { VenuesVisits1764600000000 } from './migrations/1764600000000-venues-visits.js';
import { LikesAndEventStatus1764700000000 } from './migrations/1764700000000-likes-and-event-status.js';
import { BookingDeadline1764800000000 } from './migrations/1764800000000-booking-deadline.js';
import { CampaignTargets1765300000000 } from './migrations/1765300000000-campaign-targets.js';

export const MIGRATIONS = [
  InitialSchema1763800000000,
  MerchantsOffersVouchers1763900000000,
  CampaignsCommunitiesOperations1764000000000,
  ExplicitCollations1764100000000,
  IdempotentRequests1764500000000,
  VenuesVisits1764600000000,
  LikesAndEventStatus1764700000000,
  BookingDeadline1764800000000,
  CampaignTargets1765300000000,
];

export const DEFAULT_DATABASE_TIMEOUT_MS = 5000;

export interface DatabaseOptions {
  poolSize?: number;
  /** Longest wait for a connection, a lock or a statement (DATABASE_TIMEOUT_MS). */
  timeoutMs?: number;
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
      extra: { enableKeepAlive: true },
      logging: false,
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
  });
}

/** Opens the data source and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<DataSource> {
  const dataSource = createDataSource(config, options);
  const bounds = databaseBounds(dataSource);
  // Migrations may rebuild large tables; the request bounds start once the schema is current.
  bounds.enabled = false;
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  } finally {
    bounds.enabled = true;
  }
  return dataSource;
}
