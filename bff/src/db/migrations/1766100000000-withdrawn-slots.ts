import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * When a new weekly pattern took a slot off sale. A slot that someone ever booked is kept (its
 * bookings point at it), but a withdrawn one is no longer listed and sells no more places.
 */
export class WithdrawnSlots1766100000000 implements MigrationInterface {
  name = 'WithdrawnSlots1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('slots', new TableColumn({ name: 'withdrawn_at', type: 'bigint', isNullable: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('slots', 'withdrawn_at');
  }
}
