import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A community's moderators read its open cases oldest first: one index range per page. */
export class CommunityReportIndex1765700000000 implements MigrationInterface {
  name = 'CommunityReportIndex1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex('moderation_cases', new TableIndex({ name: 'ix_case_community', columnNames: ['community_id', 'status', 'id'] }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('moderation_cases', 'ix_case_community');
  }
}
