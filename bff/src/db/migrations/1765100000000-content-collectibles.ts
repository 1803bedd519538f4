import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const createdAt = { name: 'created_at', type: 'bigint' };
const ref = (column: string, table: string) => ({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'] });

/**
 * The sports content channel (items, their tags, likes and daily views), the fan membership, and
 * digital collectibles (series with an `issued` counter, and issued items with serials).
 */
export class ContentCollectibles1765100000000 implements MigrationInterface {
  name = 'ContentCollectibles1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'content_items',
        columns: [
          id,
          { name: 'title', type: 'varchar', length: '80' },
          { name: 'cover_url', type: 'varchar', length: '255', isNullable: true },
          { name: 'kind', type: 'varchar', length: '8' },
          // Sanitized HTML, written once by the server; never the operator's raw input.
          { name: 'body', type: 'text', isNullable: true },
          { name: 'excerpt', type: 'varchar', length: '160', default: "''" },
          { name: 'video_url', type: 'varchar', length: '512', isNullable: true },
          // Read whole with the item; sections query `content_tags`.
          { name: 'tags', type: 'varchar', length: '255' },
          { name: 'members_only', type: 'boolean', default: false },
          { name: 'visible_from', type: 'bigint' },
          { name: 'visible_until', type: 'bigint', isNullable: true },
          // Counters kept in the same transaction as the like or view row they count.
          { name: 'likes', type: 'integer', default: 0 },
          { name: 'views', type: 'integer', default: 0 },
          createdAt,
          { name: 'updated_at', type: 'bigint' },
        ],
        checks: [{ name: 'ck_content_counts', expression: 'likes >= 0 AND views >= 0' }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'content_tags',
        columns: [
          { name: 'tag', type: 'varchar', length: '16', isPrimary: true },
          { name: 'item_id', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [ref('item_id', 'content_items')],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'content_likes',
        columns: [
          { name: 'item_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          createdAt,
        ],
        foreignKeys: [ref('item_id', 'content_items'), ref('user_id', 'users')],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'content_views',
        // One view per user, item and day: a reload does not count again.
        columns: [
          { name: 'item_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
        ],
        foreignKeys: [ref('item_id', 'content_items'), ref('user_id', 'users')],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'memberships',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'ends_at', type: 'bigint' },
          createdAt,
          { name: 'updated_at', type: 'bigint' },
        ],
        foreignKeys: [ref('user_id', 'users')],
      }),
    );
    await runner.createIndex('memberships', new TableIndex({ name: 'ix_membership_end', columnNames: ['ends_at'] }));
    await runner.createTable(
      new Table({
        name: 'collectible_series',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '40' },
          { name: 'description', type: 'varchar', length: '255', default: "''" },
          { name: 'artwork_url', type: 'varchar', length: '255' },
          { name: 'edition_size', type: 'integer' },
          // Serials given so far; advanced only by `issued = issued + 1 WHERE issued < edition_size`.
          { name: 'issued', type: 'integer', default: 0 },
          { name: 'rule_kind', type: 'varchar', length: '16' },
          { name: 'rule', type: 'varchar', length: '255' },
          { name: 'status', type: 'varchar', length: '8' },
          createdAt,
        ],
        checks: [{ name: 'ck_series_issued', expression: 'issued >= 0 AND issued <= edition_size' }],
      }),
    );
    await runner.createIndex('collectible_series', new TableIndex({ name: 'ix_series_status', columnNames: ['status', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'collectibles',
        columns: [
          id,
          { name: 'series_id', type: 'integer' },
          { name: 'serial', type: 'integer' },
          { name: 'user_id', type: 'integer' },
          { name: 'obtained_by', type: 'varchar', length: '16' },
          { name: 'transaction_id', type: 'integer', isNullable: true },
          createdAt,
        ],
        // The rules themselves: one holder per serial, one serial per holder.
        uniques: [
          { name: 'uq_collectible_serial', columnNames: ['series_id', 'serial'] },
          { name: 'uq_collectible_holder', columnNames: ['series_id', 'user_id'] },
        ],
        foreignKeys: [ref('series_id', 'collectible_series'), ref('user_id', 'users')],
      }),
    );
    await runner.createIndex('collectibles', new TableIndex({ name: 'ix_collectible_user', columnNames: ['user_id', 'id'] }));
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['collectibles', 'collectible_series', 'memberships', 'content_views', 'content_likes', 'content_tags', 'content_items']) {
      await runner.dropTable(table);
    }
  }
}
