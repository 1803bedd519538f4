import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The schema's character set and collation, whatever the server's default was when the database was made. */
const CHARSET = 'utf8mb4';
const COLLATION = 'utf8mb4_unicode_ci';

/**
 * Identifiers compared exactly: idempotency keys and platform user ids are case-sensitive, and the
 * rest are machine-made. Ledger keys are a prefix such as `redeem:<user id>:` or `adjust:<operator
 * id>:` (at most 27 characters) plus a client key of up to 128, so 192 holds any of them whole.
 */
const EXACT_COLUMNS: { table: string; column: string; length: number; nullable?: boolean }[] = [
  { table: 'ledger_transactions', column: 'idempotency_key', length: 192 },
  { table: 'redemption_requests', column: 'idempotency_key', length: 128 },
  { table: 'ledger_accounts', column: 'owner_id', length: 32 },
  { table: 'platform_identities', column: 'platform_user_id', length: 128 },
  { table: 'vouchers', column: 'code', length: 32 },
  { table: 'step_sync_attempts', column: 'fingerprint', length: 64, nullable: true },
  { table: 'leaderboard_snapshots', column: 'scope', length: 32 },
];

function modifyColumn(column: (typeof EXACT_COLUMNS)[number], length: number, collation: string): string {
  const nullability = column.nullable ? 'NULL' : 'NOT NULL';
  return `ALTER TABLE \`${column.table}\` MODIFY \`${column.column}\` VARCHAR(${length}) CHARACTER SET ${CHARSET} COLLATE ${collation} ${nullability}`;
}

/**
 * MySQL/MariaDB: states utf8mb4 + utf8mb4_unicode_ci on the database and every table, so that
 * comparisons never mix the server's default collation (utf8mb4_general_ci on MariaDB,
 * utf8mb4_0900_ai_ci on MySQL 8, as a plain `CREATE DATABASE` gets) with the connection's; and gives
 * exact identifiers a binary collation. SQLite compares text byte by byte already.
 */
export class ExplicitCollations1764100000000 implements MigrationInterface {
  name = 'ExplicitCollations1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'mysql') return;
    const [{ name }]: { name: string }[] = await runner.query('SELECT DATABASE() AS name');
    // Tables added by later migrations then get the same collation.
    await runner.query(`ALTER DATABASE \`${name}\` CHARACTER SET ${CHARSET} COLLATE ${COLLATION}`);
    const tables: { name: string }[] = await runner.query(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
    );
    for (const table of tables) {
      await runner.query(`ALTER TABLE \`${table.name}\` CONVERT TO CHARACTER SET ${CHARSET} COLLATE ${COLLATION}`);
    }
    for (const column of EXACT_COLUMNS) await runner.query(modifyColumn(column, column.length, 'utf8mb4_bin'));
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'mysql') return;
    // The wider key column stays: keys longer than 128 characters may be stored in it by now.
    for (const column of EXACT_COLUMNS) await runner.query(modifyColumn(column, column.length, COLLATION));
  }
}
