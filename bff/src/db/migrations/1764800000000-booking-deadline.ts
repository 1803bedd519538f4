import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A booking keeps the cancellation deadline it was sold with: the facility's setting may change
 * later, and that must neither refund after the deadline a user was shown nor take a promised
 * refund away. Existing bookings get the deadline their facility has now, the one they were shown until today.
 */
export class BookingDeadline1764800000000 implements MigrationInterface {
  name = 'BookingDeadline1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('bookings', new TableColumn({ name: 'cancellable_until', type: 'bigint', isNullable: true }));
    await runner.query(
      `UPDATE bookings SET cancellable_until = (
         SELECT s.starts_at - COALESCE(f.cancel_deadline_minutes, 0) * 60000 FROM slots s JOIN facilities f ON f.id = s.facility_id WHERE s.id = bookings.slot_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('bookings', 'cancellable_until');
  }
}
