import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Numbers each liker's likes and unlikes of one board entry in the order they committed, so the
 * cached counts can refuse a change that reaches Redis after a later one (see `db/likes.ts`).
 * Likes given before this migration start at change 1.
 */
export class BoardLikeChanges1765900000000 implements MigrationInterface {
  name = 'BoardLikeChanges1765900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'board_like_changes',
        columns: [
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'scope', type: 'varchar', length: '32', isPrimary: true },
          { name: 'liked_user_id', type: 'integer', isPrimary: true },
          { name: 'liker_id', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'bigint', default: 0 },
        ],
      }),
    );
    await runner.query(
      'INSERT INTO board_like_changes (date, scope, liked_user_id, liker_id, seq) SELECT date, scope, liked_user_id, liker_id, 1 FROM board_likes',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('board_like_changes');
  }
}
