import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The sandbox WeChat's login codes and session keys, kept where every BFF process on the database
 * finds them, as WeChat keeps them on its own servers: behind a load balancer a code issued by one
 * process is exchanged by another, and step data is encrypted with the session key by a third.
 * Used only with PLATFORM_SANDBOX=1; empty otherwise.
 */
export class SandboxWechat1765900000100 implements MigrationInterface {
  name = 'SandboxWechat1765900000100';

  async up(runner: QueryRunner): Promise<void> {
    const exact = runner.connection.options.type === 'mysql' ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
    await runner.createTable(
      new Table({
        name: 'sandbox_wechat_codes',
        columns: [
          { name: 'code', type: 'varchar', length: '64', isPrimary: true, ...exact },
          { name: 'openid', type: 'varchar', length: '64', ...exact },
          { name: 'expires_at', type: 'bigint' },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'sandbox_wechat_sessions',
        columns: [
          { name: 'openid', type: 'varchar', length: '64', isPrimary: true, ...exact },
          { name: 'session_key', type: 'varchar', length: '64', ...exact },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('sandbox_wechat_sessions');
    await runner.dropTable('sandbox_wechat_codes');
  }
}
