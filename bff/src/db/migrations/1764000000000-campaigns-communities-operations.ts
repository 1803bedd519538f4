import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const createdAt = { name: 'created_at', type: 'bigint' };
const userRef = { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] };

/** Campaigns and what they paid, communities and their events, the operators' audit log and day-end settlements. */
export class CampaignsCommunitiesOperations1764000000000 implements MigrationInterface {
  name = 'CampaignsCommunitiesOperations1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    // Campaign coins of the day, beside the base coins, so that a day's total is one row's read.
    await runner.addColumn('daily_steps', new TableColumn({ name: 'bonus_coins', type: 'integer', default: 0 }));
    // Operators' daily figures read the ledger by time.
    await runner.createIndex('ledger_transactions', new TableIndex({ name: 'ix_transaction_time', columnNames: ['created_at'] }));
    await runner.createTable(
      new Table({
        name: 'campaigns',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '40' },
          { name: 'description', type: 'varchar', length: '200' },
          { name: 'start_date', type: 'varchar', length: '10' },
          { name: 'end_date', type: 'varchar', length: '10' },
          // Small lists kept as JSON text: read whole with their campaign, never queried into.
          { name: 'community_ids', type: 'varchar', length: '512' },
          { name: 'multiplier_percent', type: 'integer' },
          { name: 'thresholds', type: 'varchar', length: '512' },
          { name: 'prizes', type: 'varchar', length: '256' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'budget_coins', type: 'bigint' },
          createdAt,
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    await runner.createIndex('campaigns', new TableIndex({ name: 'ix_campaign_dates', columnNames: ['status', 'start_date', 'end_date'] }));
    await runner.createTable(
      new Table({
        name: 'campaign_days',
        columns: [
          { name: 'campaign_id', type: 'integer', isPrimary: true },
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'steps', type: 'integer' },
          { name: 'reached_at', type: 'bigint' },
          { name: 'coins_credited', type: 'integer' },
        ],
        foreignKeys: [{ columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'] }, userRef],
      }),
    );
    await runner.createIndex('campaign_days', new TableIndex({ name: 'ix_campaign_board', columnNames: ['campaign_id', 'date', 'steps', 'reached_at'] }));
    await runner.createIndex('campaign_days', new TableIndex({ name: 'ix_campaign_user', columnNames: ['user_id', 'date'] }));
    await runner.createTable(
      new Table({
        name: 'communities',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '40' },
          { name: 'description', type: 'varchar', length: '500' },
          { name: 'category', type: 'varchar', length: '16' },
          { name: 'member_count', type: 'integer', default: 0 },
          createdAt,
        ],
        checks: [{ name: 'ck_community_members', expression: 'member_count >= 0' }],
      }),
    );
    await runner.createIndex('communities', new TableIndex({ name: 'ix_community_size', columnNames: ['member_count', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'community_members',
        columns: [
          { name: 'community_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'joined_at', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['community_id'], referencedTableName: 'communities', referencedColumnNames: ['id'] }, userRef],
      }),
    );
    await runner.createIndex('community_members', new TableIndex({ name: 'ix_member_user', columnNames: ['user_id', 'community_id'] }));
    await runner.createTable(
      new Table({
        name: 'community_events',
        columns: [
          id,
          { name: 'community_id', type: 'integer' },
          { name: 'title', type: 'varchar', length: '60' },
          { name: 'description', type: 'varchar', length: '500' },
          { name: 'place', type: 'varchar', length: '120' },
          { name: 'starts_at', type: 'bigint' },
          { name: 'ends_at', type: 'bigint' },
          { name: 'capacity', type: 'integer' },
          { name: 'signed_up', type: 'integer', default: 0 },
          { name: 'reward_coins', type: 'integer', default: 0 },
          { name: 'reward_campaign_id', type: 'integer', isNullable: true },
          { name: 'checkin_code', type: 'varchar', length: '6' },
          createdAt,
        ],
        checks: [{ name: 'ck_event_capacity', expression: 'signed_up >= 0 AND signed_up <= capacity' }],
        foreignKeys: [{ columnNames: ['community_id'], referencedTableName: 'communities', referencedColumnNames: ['id'] }],
      }),
    );
    await runner.createIndex('community_events', new TableIndex({ name: 'ix_event_community', columnNames: ['community_id', 'starts_at'] }));
    await runner.createTable(
      new Table({
        name: 'event_signups',
        columns: [
          { name: 'event_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          createdAt,
          { name: 'checked_in_at', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['event_id'], referencedTableName: 'community_events', referencedColumnNames: ['id'] }, userRef],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id,
          { name: 'actor_id', type: 'integer' },
          { name: 'actor', type: 'varchar', length: '64' },
          { name: 'action', type: 'varchar', length: '48' },
          { name: 'target_type', type: 'varchar', length: '24' },
          { name: 'target_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'reason', type: 'varchar', length: '255', isNullable: true },
          { name: 'before_json', type: 'text', isNullable: true },
          { name: 'after_json', type: 'text', isNullable: true },
          createdAt,
        ],
      }),
    );
    await runner.createIndex('audit_log', new TableIndex({ name: 'ix_audit_action', columnNames: ['action', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'leaderboard_snapshots',
        columns: [
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'scope', type: 'varchar', length: '32', isPrimary: true },
          { name: 'place', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer' },
          { name: 'steps', type: 'integer' },
          { name: 'prize_coins', type: 'integer', default: 0 },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'settlements',
        columns: [
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'scopes', type: 'integer', default: 0 },
          { name: 'prizes_paid', type: 'bigint', default: 0 },
          { name: 'started_at', type: 'bigint' },
          { name: 'finished_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'settlements',
      'leaderboard_snapshots',
      'audit_log',
      'event_signups',
      'community_events',
      'community_members',
      'communities',
      'campaign_days',
      'campaigns',
    ]) {
      await runner.dropTable(table);
    }
    await runner.dropIndex('ledger_transactions', 'ix_transaction_time');
    await runner.dropColumn('daily_steps', 'bonus_coins');
  }
}
