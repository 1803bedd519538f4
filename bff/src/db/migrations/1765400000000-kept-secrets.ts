import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Generated keys the deployment keeps for itself when none is configured: outside production,
 * a MySQL deployment without JWT_SECRET or DATA_DIR keeps its session key here, so every BFF
 * process on the database signs and checks tokens with the same one.
 */
export class KeptSecrets1765400000000 implements MigrationInterface {
  name = 'KeptSecrets1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    const mysql = runner.connection.options.type === 'mysql';
    await runner.createTable(
      new Table({
        name: 'kept_secrets',
        columns: [
          { name: 'name', type: 'varchar', length: '40', isPrimary: true, ...(mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {}) },
          { name: 'secret', type: 'varchar', length: '128' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('kept_secrets');
  }
}
