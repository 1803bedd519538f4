import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@calorie-bank/config';
import { ENTITIES } from './entities.js';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema.js';
import { MerchantsOffersVouchers1763900000000 } from './migrations/1763900000000-merchants-offers-vouchers.js';
import { CampaignsCommunitiesOperations1764000000000 } from './migrations/1764000000000-campaigns-communities-operations.js';

export const MIGRATIONS = [InitialSchema1763800000000, MerchantsOffersVouchers1763900000000, CampaignsCommunitiesOperations1764000000000];

/** Creates (but does not open) the TypeORM data source for MySQL/MariaDB or the embedded SQLite file. */
export function createDataSource(config: DatabaseConfig, options: { poolSize?: number } = {}): DataSource {
  if (config.type === 'mysql') {
    return new DataSource({
      type: 'mysql',
      url: config.url,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsTransactionMode: 'each',
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: options.poolSize ?? 20,
      extra: { enableKeepAlive: true },
      logging: false,
    });
  }
  if (config.database !== ':memory:') mkdirSync(dirname(config.database), { recursive: true });
  return new DataSource({
    type: 'better-sqlite3',
    database: config.database,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // WAL lets readers go on while a sync writes; the one writer is serialized by `runInTransaction`.
    enableWAL: true,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
    },
    logging: false,
  });
}

/** Opens the data source and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig, options: { poolSize?: number } = {}): Promise<DataSource> {
  const dataSource = createDataSource(config, options);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
