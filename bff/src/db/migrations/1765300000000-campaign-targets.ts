import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Campaigns that pay on workouts: what a campaign targets (steps, as every campaign did before, its
 * workouts, or both), its workout thresholds, what it paid each user's workouts per day, and the
 * campaign coins each visit brought (kept on the visit for its receipt).
 */
export class CampaignTargets1765300000000 implements MigrationInterface {
  name = 'CampaignTargets1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumns('campaigns', [
      new TableColumn({ name: 'target', type: 'varchar', length: '16', default: "'steps'" }),
      new TableColumn({ name: 'workout_thresholds', type: 'varchar', length: '512', default: "'[]'" }),
    ]);
    await runner.createTable(
      new Table({
        name: 'campaign_workout_days',
        // Apart from campaign_days, which is also the campaign's step board: a workout bonus must not put anyone on it.
        columns: [
          { name: 'campaign_id', type: 'integer', isPrimary: true },
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'coins_credited', type: 'integer' },
        ],
        foreignKeys: [
          { columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'] },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await runner.addColumn('visits', new TableColumn({ name: 'campaign_coins', type: 'integer', default: 0 }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('visits', 'campaign_coins');
    await runner.dropTable('campaign_workout_days');
    await runner.dropColumns('campaigns', ['workout_thresholds', 'target']);
  }
}
