import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '@calorie-bank/bff';
import { MIGRATION_DATABASES, migrationBefore, type DataSourceOptions } from '../support/migrations.js';

const before = migrationBefore('IdempotentRequests1764500000000');
const BEFORE = before.index;

/** A database migrated up to just before the request table, with one redemption and one adjustment made the old way. */
async function legacyDatabase(options: DataSourceOptions) {
  const db = await before.open(options);
  const now = Date.parse('2026-06-15T02:00:00Z');
  await db.query("INSERT INTO users (id, nickname, frozen, created_at) VALUES (7, 'old', ?, ?)", [false, now]);
  await db.query("INSERT INTO merchants (id, name, created_at) VALUES (3, 'shop', ?)", [now]);
  await db.query(
    `INSERT INTO offers (id, merchant_id, title, description, kind, price_coins, total_stock, stock_left, per_user_limit, valid_from, valid_until,
       voucher_ttl_seconds, status, created_at, updated_at) VALUES (5, 3, 'coffee', '', 'coupon', 100, 10, 9, 1, 0, ?, 86400, 'live', ?, ?)`,
    [now * 2, now, now],
  );
  await db.query("INSERT INTO ledger_accounts (id, kind, owner_id, balance, created_at) VALUES (20, 'user_wallet', '7', 400, ?)", [now]);
  await db.query("INSERT INTO ledger_transactions (id, idempotency_key, kind, memo, created_at) VALUES (30, 'adjust:2:Key-One', 'adjustment', '+500 fix', ?)", [now]);
  await db.query('INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at) VALUES (30, 20, 500, 500, ?)', [now]);
  await db.query(
    `INSERT INTO vouchers (id, code, offer_id, user_id, merchant_id, price_coins, status, transaction_id, issued_at, expires_at)
       VALUES (9, 'ABCDEFGHJKMNPQRS', 5, 7, 3, 100, 'used', 31, ?, ?)`,
    [now, now + 86_400_000],
  );
  await db.query(
    'INSERT INTO redemption_requests (user_id, idempotency_key, request_hash, voucher_id, balance_after, created_at) VALUES (7, ?, ?, 9, 400, ?)',
    ['Key-Two', 'a'.repeat(64), now],
  );
  return db;
}

describe.each(MIGRATION_DATABASES)('the idempotent-request migration on %s', (_name, available, make) => {
  it.skipIf(!available)('carries earlier redemptions and adjustments over with their answers', async () => {
    const { options, drop } = await make();
    const db = await legacyDatabase(options);
    try {
      const runner = db.createQueryRunner();
      await new MIGRATIONS[BEFORE]().up(runner);
      await runner.release();
      const rows: { scope: string; idempotency_key: string; request_hash: string; response: string }[] = await db.query(
        'SELECT scope, idempotency_key, request_hash, response FROM idempotent_requests ORDER BY scope',
      );
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({ scope: 'staff:2', idempotency_key: 'Key-One', request_hash: createHash('sha256').update('adjust:7:+500 fix').digest('hex') });
      expect(JSON.parse(rows[0].response)).toEqual({ transactionId: '30', userId: '7', amount: 500 });
      expect(rows[1]).toMatchObject({ scope: 'user:7', idempotency_key: 'Key-Two', request_hash: 'a'.repeat(64) });
      expect(JSON.parse(rows[1].response)).toMatchObject({ balance: 400, voucher: { id: '9', code: 'ABCDEFGHJKMNPQRS', offerTitle: 'coffee', status: 'issued' } });
      const tables: unknown[] = await db.query(
        options.type === 'mysql'
          ? "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'redemption_requests'"
          : "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'redemption_requests'",
      );
      expect(tables).toEqual([]);
    } finally {
      await db.destroy();
      await drop();
    }
  });
});
