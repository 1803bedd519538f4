import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '@calorie-bank/bff';
import { runInTransaction } from '../../bff/src/db/transaction.js';
import { drawFromPool, POOL_SLOTS } from '../../bff/src/ledger/pools.js';
import { HEALTHY, ledgerState, pooledBalance } from '../support/ledger.js';
import { MIGRATION_DATABASES, migrationBefore, type DataSourceOptions } from '../support/migrations.js';

const before = migrationBefore('PooledAccounts1765600000000');
const now = Date.parse('2026-06-15T02:00:00Z');

/** A database migrated up to just before pooled accounts, with a funded budget, a merchant that earned coins and a wallet. */
async function legacyDatabase(options: DataSourceOptions) {
  const db = await before.open(options);
  // The rest of the migrations run as the BFF runs them at start.
  db.setOptions({ migrations: MIGRATIONS } as Partial<DataSourceOptions>);
  await (db as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  const [mint] = await db.query("SELECT id FROM ledger_accounts WHERE kind = 'mint'");
  await db.query(
    `INSERT INTO ledger_accounts (id, kind, owner_id, balance, created_at) VALUES
       (20, 'campaign_budget', '4', 1000, ?), (21, 'merchant', '3', 300, ?), (22, 'user_wallet', '7', 200, ?)`,
    [now, now, now],
  );
  await db.query("INSERT INTO ledger_transactions (id, idempotency_key, kind, memo, created_at) VALUES (30, 'fund', 'campaign_funding', NULL, ?)", [now]);
  await db.query("INSERT INTO ledger_transactions (id, idempotency_key, kind, memo, created_at) VALUES (31, 'steps', 'step_reward', NULL, ?)", [now]);
  await db.query("INSERT INTO ledger_transactions (id, idempotency_key, kind, memo, created_at) VALUES (32, 'buy', 'redemption', NULL, ?)", [now]);
  await db.query(
    `INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at) VALUES
       (30, ?, -1000, NULL, ?), (30, 20, 1000, 1000, ?), (31, ?, -500, NULL, ?), (31, 22, 500, 500, ?), (32, 22, -300, 200, ?), (32, 21, 300, 300, ?)`,
    [mint.id, now, now, mint.id, now, now, now, now],
  );
  return db;
}

describe.each(MIGRATION_DATABASES)('the pooled-accounts migration on %s', (_name, available, make) => {
  it.skipIf(!available)('gives budgets and merchants their slots with their balances kept, and spreads a budget on its first payment', async () => {
    const { options, drop } = await make();
    const db = await legacyDatabase(options);
    try {
      await db.runMigrations({ transaction: 'each' });
      const slots: { kind: string; n: number | string }[] = await db.query('SELECT kind, COUNT(*) AS n FROM ledger_accounts GROUP BY kind ORDER BY kind');
      expect(slots.map((row) => [row.kind, Number(row.n)])).toEqual([
        ['campaign_budget', POOL_SLOTS],
        ['merchant', POOL_SLOTS],
        ['mint', 1],
        ['user_wallet', 1],
      ]);
      expect(await pooledBalance(db, 'campaign_budget', '4')).toBe(1000);
      expect(await pooledBalance(db, 'merchant', '3')).toBe(300);
      expect(await ledgerState(db)).toMatchObject({ ...HEALTHY, transactions: 3, entries: 6 });
      // SQLite rebuilt the table: it keeps its check against negative balances (TypeORM makes none on MySQL).
      if (options.type !== 'mysql') await expect(db.query("UPDATE ledger_accounts SET balance = -1 WHERE kind = 'merchant' AND slot = 3")).rejects.toThrow();
      // The key is now (kind, owner, slot): a second slot 0 is refused.
      await expect(db.query("INSERT INTO ledger_accounts (kind, owner_id, slot, balance, created_at) VALUES ('merchant', '3', 0, 0, ?)", [now])).rejects.toThrow();

      // All coins sit in slot 0: the first draw locks the pool and spreads it before taking its share.
      const draw = await runInTransaction(db, (manager) => drawFromPool(manager, { kind: 'campaign_budget', ownerId: '4' }, 10, now));
      expect(draw).toMatchObject({ drawn: 10, available: 1000 });
      const balances: { balance: number | string }[] = await db.query("SELECT balance FROM ledger_accounts WHERE kind = 'campaign_budget' ORDER BY slot");
      const spread = balances.map((row) => Number(row.balance));
      expect(spread.reduce((sum, balance) => sum + balance, 0)).toBe(990);
      expect(Math.min(...spread)).toBeGreaterThanOrEqual(Math.floor(1000 / POOL_SLOTS) - 10);
      const kinds: { kind: string }[] = await db.query('SELECT kind FROM ledger_transactions ORDER BY id');
      expect(kinds.map((row) => row.kind)).toContain('pool_rebalance');
      // The draw's debit is applied but not yet posted here; its rebalance is, and balances.
      expect(await ledgerState(db)).toMatchObject({ unbalanced: 0, leakedRebalances: 0, strayed: 0 });
    } finally {
      await db.destroy();
      await drop();
    }
  });
});
