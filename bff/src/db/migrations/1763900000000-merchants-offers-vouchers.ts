import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const createdAt = { name: 'created_at', type: 'bigint' };

/** Merchants and their staff, operators, offers, vouchers, and the redemption requests that make them. */
export class MerchantsOffersVouchers1763900000000 implements MigrationInterface {
  name = 'MerchantsOffersVouchers1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(new Table({ name: 'merchants', columns: [id, { name: 'name', type: 'varchar', length: '64' }, createdAt] }));
    await runner.createTable(
      new Table({
        name: 'staff_accounts',
        columns: [
          id,
          { name: 'username', type: 'varchar', length: '64' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'merchant_id', type: 'integer', isNullable: true },
          createdAt,
        ],
        uniques: [{ name: 'uq_staff_username', columnNames: ['username'] }],
        foreignKeys: [{ columnNames: ['merchant_id'], referencedTableName: 'merchants', referencedColumnNames: ['id'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'offers',
        columns: [
          id,
          { name: 'merchant_id', type: 'integer' },
          { name: 'title', type: 'varchar', length: '80' },
          { name: 'description', type: 'varchar', length: '1000' },
          { name: 'image_url', type: 'varchar', length: '512', isNullable: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'price_coins', type: 'integer' },
          { name: 'total_stock', type: 'integer' },
          { name: 'stock_left', type: 'integer' },
          { name: 'per_user_limit', type: 'integer' },
          { name: 'valid_from', type: 'bigint' },
          { name: 'valid_until', type: 'bigint' },
          { name: 'voucher_ttl_seconds', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'reject_reason', type: 'varchar', length: '255', isNullable: true },
          createdAt,
          { name: 'updated_at', type: 'bigint' },
        ],
        checks: [{ name: 'ck_offer_stock', expression: 'stock_left >= 0 AND stock_left <= total_stock' }],
        foreignKeys: [{ columnNames: ['merchant_id'], referencedTableName: 'merchants', referencedColumnNames: ['id'] }],
      }),
    );
    await runner.createIndex('offers', new TableIndex({ name: 'ix_offer_status', columnNames: ['status', 'id'] }));
    await runner.createIndex('offers', new TableIndex({ name: 'ix_offer_merchant', columnNames: ['merchant_id', 'id'] }));
    await runner.createTable(
      new Table({
        name: 'vouchers',
        columns: [
          id,
          { name: 'code', type: 'varchar', length: '32' },
          { name: 'offer_id', type: 'integer' },
          { name: 'user_id', type: 'integer' },
          { name: 'merchant_id', type: 'integer' },
          { name: 'price_coins', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'transaction_id', type: 'integer' },
          { name: 'issued_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'used_at', type: 'bigint', isNullable: true },
          { name: 'refunded_at', type: 'bigint', isNullable: true },
        ],
        uniques: [{ name: 'uq_voucher_code', columnNames: ['code'] }],
        foreignKeys: [
          { columnNames: ['offer_id'], referencedTableName: 'offers', referencedColumnNames: ['id'] },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await runner.createIndex('vouchers', new TableIndex({ name: 'ix_voucher_user', columnNames: ['user_id', 'id'] }));
    await runner.createIndex('vouchers', new TableIndex({ name: 'ix_voucher_offer_user', columnNames: ['offer_id', 'user_id'] }));
    await runner.createIndex('vouchers', new TableIndex({ name: 'ix_voucher_merchant', columnNames: ['merchant_id', 'issued_at'] }));
    await runner.createTable(
      new Table({
        name: 'redemption_requests',
        columns: [
          id,
          { name: 'user_id', type: 'integer' },
          { name: 'idempotency_key', type: 'varchar', length: '128' },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'voucher_id', type: 'integer' },
          { name: 'balance_after', type: 'bigint' },
          createdAt,
        ],
        uniques: [{ name: 'uq_redemption_key', columnNames: ['user_id', 'idempotency_key'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['redemption_requests', 'vouchers', 'offers', 'staff_accounts', 'merchants']) await runner.dropTable(table);
  }
}
