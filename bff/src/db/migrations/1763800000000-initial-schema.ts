import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const createdAt = { name: 'created_at', type: 'bigint' };

/** Users, platform identities, daily steps, sync attempts and the double-entry ledger. */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          { name: 'nickname', type: 'varchar', length: '64' },
          { name: 'avatar_url', type: 'varchar', length: '512', isNullable: true },
          { name: 'weight_kg', type: 'integer', isNullable: true },
          { name: 'frozen', type: 'boolean', default: false },
          createdAt,
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'platform_identities',
        columns: [
          id,
          { name: 'platform', type: 'varchar', length: '16' },
          { name: 'platform_user_id', type: 'varchar', length: '128' },
          { name: 'user_id', type: 'integer' },
          { name: 'session_key', type: 'varchar', length: '128', isNullable: true },
          createdAt,
        ],
        uniques: [{ name: 'uq_identity_platform_user', columnNames: ['platform', 'platform_user_id'] }],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'daily_steps',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'steps', type: 'integer' },
          { name: 'reached_at', type: 'bigint' },
          { name: 'calories', type: 'integer' },
          { name: 'coins_credited', type: 'integer' },
          { name: 'updated_at', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] }],
      }),
    );
    await runner.createIndex('daily_steps', new TableIndex({ name: 'ix_daily_steps_board', columnNames: ['date', 'steps', 'reached_at'] }));
    await runner.createTable(
      new Table({
        name: 'step_sync_attempts',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'date', type: 'varchar', length: '10', isNullable: true },
          { name: 'steps', type: 'integer', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '48', isNullable: true },
          { name: 'fingerprint', type: 'varchar', length: '64', isNullable: true },
          { name: 'flagged', type: 'boolean', default: false },
          { name: 'credited', type: 'integer', default: 0 },
          createdAt,
        ],
      }),
    );
    await runner.createIndex('step_sync_attempts', new TableIndex({ name: 'ix_sync_fingerprint', columnNames: ['date', 'fingerprint'] }));
    await runner.createIndex('step_sync_attempts', new TableIndex({ name: 'ix_sync_user', columnNames: ['user_id', 'created_at'] }));
    await runner.createTable(
      new Table({
        name: 'ledger_accounts',
        columns: [
          id,
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'owner_id', type: 'varchar', length: '32' },
          { name: 'balance', type: 'bigint', default: 0 },
          createdAt,
        ],
        uniques: [{ name: 'uq_account_owner', columnNames: ['kind', 'owner_id'] }],
        checks: [{ name: 'ck_account_not_negative', expression: "kind = 'mint' OR balance >= 0" }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'ledger_transactions',
        columns: [
          id,
          { name: 'idempotency_key', type: 'varchar', length: '128' },
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'memo', type: 'varchar', length: '255', isNullable: true },
          createdAt,
        ],
        uniques: [{ name: 'uq_transaction_idempotency', columnNames: ['idempotency_key'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'ledger_entries',
        columns: [
          id,
          { name: 'transaction_id', type: 'integer' },
          { name: 'account_id', type: 'integer' },
          { name: 'amount', type: 'bigint' },
          { name: 'balance_after', type: 'bigint', isNullable: true },
          createdAt,
        ],
        foreignKeys: [
          { columnNames: ['transaction_id'], referencedTableName: 'ledger_transactions', referencedColumnNames: ['id'] },
          { columnNames: ['account_id'], referencedTableName: 'ledger_accounts', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await runner.createIndex('ledger_entries', new TableIndex({ name: 'ix_entry_account', columnNames: ['account_id', 'id'] }));
    await runner.createIndex('ledger_entries', new TableIndex({ name: 'ix_entry_transaction', columnNames: ['transaction_id'] }));
    await runner.query(`INSERT INTO ledger_accounts (kind, owner_id, balance, created_at) VALUES ('mint', 'mint', 0, ?)`, [
      Date.now(),
    ]);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['ledger_entries', 'ledger_transactions', 'ledger_accounts', 'step_sync_attempts', 'daily_steps', 'platform_identities', 'users']) {
      await runner.dropTable(table);
    }
  }
}
