import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const createdAt = { name: 'created_at', type: 'bigint' };
const ref = (column: string, table: string) => ({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'] });

/**
 * Digital venues (contract section 5): venues of merchants, their facilities, booking slots and
 * bookings, single-use entry passes, and visits opened and closed by a venue's gate.
 */
export class VenuesVisits1764600000000 implements MigrationInterface {
  name = 'VenuesVisits1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    const mysql = runner.connection.options.type === 'mysql';
    await runner.createTable(
      new Table({
        name: 'venues',
        columns: [
          id,
          { name: 'merchant_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '80' },
          { name: 'address', type: 'varchar', length: '255' },
          // Read whole with the venue, never queried into.
          { name: 'opening_hours', type: 'varchar', length: '1024' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'reject_reason', type: 'varchar', length: '255', isNullable: true },
          createdAt,
          { name: 'updated_at', type: 'bigint' },
        ],
        foreignKeys: [ref('merchant_id', 'merchants')],
      }),
    );
    await runner.createIndex('venues', new TableIndex({ name: 'ix_venue_status', columnNames: ['status', 'id'] }));
    await runner.createIndex('venues', new TableIndex({ name: 'ix_venue_merchant', columnNames: ['merchant_id', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'facilities',
        columns: [
          id,
          { name: 'venue_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '80' },
          { name: 'activity', type: 'varchar', length: '16' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'capacity', type: 'integer' },
          // People inside now, taken by a conditional update (inside < capacity) at the gate.
          { name: 'inside', type: 'integer', default: 0 },
          { name: 'longest_stay_minutes', type: 'integer' },
          { name: 'price_per_period', type: 'integer', isNullable: true },
          { name: 'cancel_deadline_minutes', type: 'integer', isNullable: true },
          { name: 'slot_pattern', type: 'text', isNullable: true },
          // The last business day whose slots were made, so reads make the next days' slots once.
          { name: 'slots_until', type: 'varchar', length: '10', isNullable: true },
          createdAt,
        ],
        foreignKeys: [ref('venue_id', 'venues')],
        checks: [{ name: 'ck_facility_inside', expression: 'inside >= 0' }],
      }),
    );
    await runner.createIndex('facilities', new TableIndex({ name: 'ix_facility_venue', columnNames: ['venue_id', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'slots',
        columns: [
          id,
          { name: 'facility_id', type: 'integer' },
          { name: 'starts_at', type: 'bigint' },
          { name: 'ends_at', type: 'bigint' },
          { name: 'capacity', type: 'integer' },
          { name: 'booked', type: 'integer', default: 0 },
          { name: 'price_coins', type: 'integer' },
          createdAt,
        ],
        // Making a day's slots twice (two readers, a job and a save) adds them once.
        uniques: [{ name: 'uq_slot_start', columnNames: ['facility_id', 'starts_at'] }],
        foreignKeys: [ref('facility_id', 'facilities')],
        checks: [{ name: 'ck_slot_booked', expression: 'booked >= 0 AND booked <= capacity' }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'bookings',
        columns: [
          id,
          { name: 'slot_id', type: 'integer' },
          { name: 'user_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'price_coins', type: 'integer' },
          // NULL for a free slot, which moves no coins.
          { name: 'transaction_id', type: 'integer', isNullable: true },
          createdAt,
          { name: 'updated_at', type: 'bigint' },
        ],
        foreignKeys: [ref('slot_id', 'slots'), ref('user_id', 'users')],
      }),
    );
    await runner.createIndex('bookings', new TableIndex({ name: 'ix_booking_user', columnNames: ['user_id', 'id'] }));
    await runner.createIndex('bookings', new TableIndex({ name: 'ix_booking_slot', columnNames: ['slot_id', 'user_id'] }));
    await runner.createTable(
      new Table({
        name: 'entry_passes',
        columns: [
          id,
          { name: 'code', type: 'varchar', length: '32', ...(mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {}) },
          { name: 'user_id', type: 'integer' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'used_at', type: 'bigint', isNullable: true },
          createdAt,
        ],
        uniques: [{ name: 'uq_entry_pass_code', columnNames: ['code'] }],
        foreignKeys: [ref('user_id', 'users')],
      }),
    );
    await runner.createIndex('entry_passes', new TableIndex({ name: 'ix_entry_pass_expiry', columnNames: ['expires_at'] }));
    await runner.createTable(
      new Table({
        name: 'visits',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'facility_id', type: 'integer' },
          { name: 'booking_id', type: 'integer', isNullable: true },
          { name: 'status', type: 'varchar', length: '8' },
          { name: 'entered_at', type: 'bigint' },
          // entered_at + the longest stay: the job closes open visits past it.
          { name: 'due_at', type: 'bigint' },
          // The facility's terms at entry, so a later price change does not touch an open visit.
          { name: 'longest_stay_minutes', type: 'integer' },
          { name: 'price_per_period', type: 'integer', isNullable: true },
          { name: 'hold_coins', type: 'integer' },
          { name: 'left_at', type: 'bigint', isNullable: true },
          { name: 'minutes', type: 'integer', isNullable: true },
          { name: 'fee', type: 'integer', isNullable: true },
          { name: 'calories', type: 'integer', isNullable: true },
          { name: 'coins_earned', type: 'integer', isNullable: true },
        ],
        foreignKeys: [ref('user_id', 'users'), ref('facility_id', 'facilities')],
      }),
    );
    // One open visit per user anywhere is kept by the gate under the user's row lock, not by a unique key
    // over a nullable column: InnoDB locks gaps when it checks such a key, and concurrent exits deadlocked on it.
    await runner.createIndex('visits', new TableIndex({ name: 'ix_visit_user', columnNames: ['user_id', 'id'] }));
    await runner.createIndex('visits', new TableIndex({ name: 'ix_visit_user_left', columnNames: ['user_id', 'left_at'] }));
    await runner.createIndex('visits', new TableIndex({ name: 'ix_visit_facility', columnNames: ['facility_id', 'status'] }));
    await runner.createIndex('visits', new TableIndex({ name: 'ix_visit_due', columnNames: ['status', 'due_at'] }));
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['visits', 'entry_passes', 'bookings', 'slots', 'facilities', 'venues']) await runner.dropTable(table);
  }
}
