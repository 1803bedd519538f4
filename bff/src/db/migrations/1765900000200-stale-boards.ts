import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Cached board keys that missed a committed write while Redis failed, to be dropped (and rebuilt
 * from the database) once Redis answers. Kept in the database so the mark outlives the process that
 * made it: any process drops them when it starts or reaches Redis again.
 */
export class StaleBoards1765900000200 implements MigrationInterface {
  name = 'StaleBoards1765900000200';

  async up(runner: QueryRunner): Promise<void> {
    const exact = runner.connection.options.type === 'mysql' ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
    await runner.createTable(
      new Table({
        name: 'stale_boards',
        columns: [
          { name: 'cache_key', type: 'varchar', length: '96', isPrimary: true, ...exact },
          { name: 'version_key', type: 'varchar', length: '96', ...exact },
          { name: 'marked_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('stale_boards');
  }
}
