import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const createdAt = { name: 'created_at', type: 'bigint' };
const ref = (column: string, table: string) => ({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'] });

/**
 * Community posts, their likes and comments (one level of replies), users' reports, the
 * operators' moderation queue, the sensitive-word list with its version, and community moderators.
 */
export class CommunityPosts1765000000000 implements MigrationInterface {
  name = 'CommunityPosts1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    const mysql = runner.connection.options.type === 'mysql';
    const exact = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
    await runner.createTable(
      new Table({
        name: 'posts',
        columns: [
          id,
          { name: 'community_id', type: 'integer' },
          // A post is written by a user or by a merchant (its staff); exactly one is set.
          { name: 'author_user_id', type: 'integer', isNullable: true },
          { name: 'merchant_id', type: 'integer', isNullable: true },
          { name: 'body', type: 'varchar', length: '1000' },
          // The image urls as a JSON array, read whole with the post.
          { name: 'images', type: 'varchar', length: '1024', default: "'[]'" },
          // The event or offer card as it was when posted, so a feed page needs no joins for it.
          { name: 'card_json', type: 'varchar', length: '1024', isNullable: true },
          { name: 'status', type: 'varchar', length: '8' },
          // Kept by the like and comment writes in the same transaction; a feed reads them, never counts.
          { name: 'like_count', type: 'integer', default: 0 },
          { name: 'comment_count', type: 'integer', default: 0 },
          createdAt,
          { name: 'deleted_at', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [ref('community_id', 'communities'), ref('author_user_id', 'users'), ref('merchant_id', 'merchants')],
        checks: [{ name: 'ck_post_counts', expression: 'like_count >= 0 AND comment_count >= 0' }],
      }),
    );
    // Newest first and hot (by likes) per community, in the keyset orders the feeds page by.
    await runner.createIndex('posts', new TableIndex({ name: 'ix_post_feed', columnNames: ['community_id', 'status', 'id'] }));
    await runner.createIndex('posts', new TableIndex({ name: 'ix_post_hot', columnNames: ['community_id', 'status', 'like_count', 'id'] }));
    await runner.createIndex('posts', new TableIndex({ name: 'ix_post_author', columnNames: ['author_user_id', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'post_likes',
        // The key is the rule: one like per user per post.
        columns: [
          { name: 'post_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          createdAt,
        ],
        foreignKeys: [ref('post_id', 'posts'), ref('user_id', 'users')],
      }),
    );
    await runner.createIndex('post_likes', new TableIndex({ name: 'ix_post_like_user', columnNames: ['user_id', 'post_id'] }));
    await runner.createTable(
      new Table({
        name: 'post_comments',
        columns: [
          id,
          { name: 'post_id', type: 'integer' },
          // A reply names its top-level comment; replies to replies are not taken.
          { name: 'parent_id', type: 'integer', isNullable: true },
          { name: 'author_user_id', type: 'integer' },
          { name: 'body', type: 'varchar', length: '500' },
          { name: 'status', type: 'varchar', length: '8' },
          createdAt,
        ],
        foreignKeys: [ref('post_id', 'posts'), ref('author_user_id', 'users')],
      }),
    );
    await runner.createIndex('post_comments', new TableIndex({ name: 'ix_comment_post', columnNames: ['post_id', 'status', 'parent_id', 'id'] }));
    await runner.createIndex('post_comments', new TableIndex({ name: 'ix_comment_parent', columnNames: ['parent_id', 'status', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'content_reports',
        // One report per user per item.
        columns: [
          { name: 'target_type', type: 'varchar', length: '8', isPrimary: true },
          { name: 'target_id', type: 'integer', isPrimary: true },
          { name: 'reporter_id', type: 'integer', isPrimary: true },
          { name: 'reason', type: 'varchar', length: '16' },
          { name: 'note', type: 'varchar', length: '200', isNullable: true },
          createdAt,
        ],
        foreignKeys: [ref('reporter_id', 'users')],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'moderation_cases',
        columns: [
          id,
          { name: 'target_type', type: 'varchar', length: '8' },
          { name: 'target_id', type: 'integer' },
          { name: 'post_id', type: 'integer' },
          { name: 'community_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '8' },
          { name: 'reports', type: 'integer', default: 0 },
          { name: 'reasons', type: 'varchar', length: '128', default: "''" },
          { name: 'matched_words', type: 'varchar', length: '512', default: "''" },
          { name: 'last_action', type: 'varchar', length: '8', isNullable: true },
          { name: 'opened_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
        // One case per item: a new report reopens it rather than adding another.
        uniques: [{ name: 'uq_case_target', columnNames: ['target_type', 'target_id'] }],
      }),
    );
    await runner.createIndex('moderation_cases', new TableIndex({ name: 'ix_case_queue', columnNames: ['status', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'user_warnings',
        columns: [id, { name: 'user_id', type: 'integer' }, { name: 'case_id', type: 'integer' }, { name: 'reason', type: 'varchar', length: '200' }, createdAt],
        foreignKeys: [ref('user_id', 'users'), ref('case_id', 'moderation_cases')],
      }),
    );
    await runner.createIndex('user_warnings', new TableIndex({ name: 'ix_warning_user', columnNames: ['user_id', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'sensitive_words',
        columns: [
          id,
          // Stored normalised (NFKC, lower case, letters and digits only), compared exactly.
          { name: 'word', type: 'varchar', length: '64', ...exact },
          { name: 'action', type: 'varchar', length: '8' },
          createdAt,
        ],
        uniques: [{ name: 'uq_sensitive_word', columnNames: ['word'] }],
      }),
    );
    // One row: the list's version, raised by every edit in the same transaction, so each BFF
    // process rebuilds its cached automaton when the number it holds is old.
    await runner.createTable(
      new Table({ name: 'sensitive_word_version', columns: [{ name: 'id', type: 'integer', isPrimary: true }, { name: 'version', type: 'integer' }] }),
    );
    await runner.query('INSERT INTO sensitive_word_version (id, version) VALUES (1, 1)');
    await runner.createTable(
      new Table({
        name: 'community_moderators',
        columns: [
          { name: 'community_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          createdAt,
        ],
        foreignKeys: [ref('community_id', 'communities'), ref('user_id', 'users')],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['community_moderators', 'sensitive_word_version', 'sensitive_words', 'user_warnings', 'moderation_cases', 'content_reports', 'post_comments', 'post_likes', 'posts']) {
      await runner.dropTable(table);
    }
  }
}
