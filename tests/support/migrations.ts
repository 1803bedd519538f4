import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@calorie-bank/bff';
import { availableServices, createMysqlDatabase } from './services.js';

export type DataSourceOptions = ConstructorParameters<typeof DataSource>[0];

const { mysql } = await availableServices();

/** The databases a migration test runs on: in-memory SQLite, and a fresh MariaDB database when one is reachable. */
export const MIGRATION_DATABASES: [string, boolean, () => Promise<{ options: DataSourceOptions; drop(): Promise<void> }>][] = [
  ['sqlite', true, async () => ({ options: { type: 'better-sqlite3', database: ':memory:' }, drop: async () => undefined })],
  [
    'mysql',
    mysql,
    async () => {
      const created = await createMysqlDatabase();
      return { options: { type: 'mysql', url: created.url, charset: 'utf8mb4_unicode_ci', timezone: 'Z' }, drop: created.drop };
    },
  ],
];

/** The position of the migration named `name`, and a database migrated up to just before it. */
export function migrationBefore(name: string): { index: number; open(options: DataSourceOptions): Promise<DataSource> } {
  const index = MIGRATIONS.findIndex((migration) => migration.name === name);
  if (index < 0) throw new Error(`no migration named ${name}`);
  return {
    index,
    async open(options) {
      const db = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, index), logging: false } as DataSourceOptions);
      await db.initialize();
      await db.runMigrations({ transaction: 'each' });
      return db;
    },
  };
}
