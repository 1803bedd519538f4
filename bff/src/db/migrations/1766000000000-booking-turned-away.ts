import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * When the gate first turned a booking's holder away because the facility was full. Such a booking,
 * still unused, may be cancelled for a full refund after its cancellation deadline too.
 */
export class BookingTurnedAway1766000000000 implements MigrationInterface {
  name = 'BookingTurnedAway1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('bookings', new TableColumn({ name: 'turned_away_at', type: 'bigint', isNullable: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('bookings', 'turned_away_at');
  }
}
