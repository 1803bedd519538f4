import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A community's moderators read its open cases oldest first, and a merchant its own posts newest
 * first: one index range per page each. A warning
 * remembers when its user saw it, so the mini-program shows each one until it is dismissed.
 */
export class ModeratorTools1765700000000 implements MigrationInterface {
  name = 'ModeratorTools1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex('moderation_cases', new TableIndex({ name: 'ix_case_community', columnNames: ['community_id', 'status', 'id'] }));
    await runner.createIndex('posts', new TableIndex({ name: 'ix_post_merchant', columnNames: ['merchant_id', 'id'] }));
    await runner.addColumn('user_warnings', new TableColumn({ name: 'seen_at', type: 'bigint', isNullable: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('user_warnings', 'seen_at');
    await runner.dropIndex('posts', 'ix_post_merchant');
    await runner.dropIndex('moderation_cases', 'ix_case_community');
  }
}
