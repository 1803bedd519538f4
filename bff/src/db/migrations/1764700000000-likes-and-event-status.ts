import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Likes on the day's boards, and operators cancelling events. */
export class LikesAndEventStatus1764700000000 implements MigrationInterface {
  name = 'LikesAndEventStatus1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'board_likes',
        // The key is the rule: one like per liker per entry (user, day, board); a count is a count of rows.
        columns: [
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'scope', type: 'varchar', length: '32', isPrimary: true },
          { name: 'liked_user_id', type: 'integer', isPrimary: true },
          { name: 'liker_id', type: 'integer', isPrimary: true },
          { name: 'created_at', type: 'bigint' },
        ],
        foreignKeys: [
          { columnNames: ['liked_user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
          { columnNames: ['liker_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
      }),
    );
    // "Who liked me" reads one user's likes of a day, newest first.
    await runner.createIndex('board_likes', new TableIndex({ name: 'ix_like_received', columnNames: ['liked_user_id', 'date', 'created_at'] }));
    await runner.createIndex('board_likes', new TableIndex({ name: 'ix_like_given', columnNames: ['liker_id', 'date'] }));
    await runner.addColumns('community_events', [
      new TableColumn({ name: 'status', type: 'varchar', length: '16', default: "'scheduled'" }),
      new TableColumn({ name: 'cancelled_at', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'cancel_reason', type: 'varchar', length: '255', isNullable: true }),
    ]);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumns('community_events', ['cancel_reason', 'cancelled_at', 'status']);
    await runner.dropTable('board_likes');
  }
}
