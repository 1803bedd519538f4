import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A version per community feed, raised in the same transaction as every change that alters which
 * posts its feed shows or what they show besides their counts (a post written, deleted, hidden or
 * restored, an author's name or avatar), so a cached feed page is checked against the database on
 * every read.
 */
export class FeedVersions1765800000000 implements MigrationInterface {
  name = 'FeedVersions1765800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('communities', new TableColumn({ name: 'feed_version', type: 'bigint', default: 0 }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('communities', 'feed_version');
  }
}
