import type { DataSource } from 'typeorm';

export interface LedgerState {
  transactions: number;
  entries: number;
  /** Transactions whose entries do not sum to zero. */
  unbalanced: number;
  /** Balance-keeping accounts whose kept balance differs from the sum of their entries. */
  drifted: number;
  /** Accounts that keep a balance and are below zero. */
  negative: number;
  /** Sum of all entries: zero in a double-entry ledger. */
  total: number;
  /** Slots (rows past slot 0) of account kinds that are never pooled: wallets, holds, the mint. */
  strayed: number;
  /** Pool owners (campaign budgets, merchants) whose slots do not all share one kind and owner's sum of entries. */
  pooledDrift: number;
  /** Rebalancing transactions that moved coins out of one pool's slots into another account. */
  leakedRebalances: number;
}

/** Reads the ledger's invariants straight from the tables. */
export async function ledgerState(db: DataSource): Promise<LedgerState> {
  const [counts] = await db.query(
    'SELECT (SELECT COUNT(*) FROM ledger_transactions) AS transactions, (SELECT COUNT(*) FROM ledger_entries) AS entries, (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries) AS total',
  );
  const [unbalanced] = await db.query(
    'SELECT COUNT(*) AS n FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING SUM(amount) <> 0) AS t',
  );
  const [drifted] = await db.query(
    `SELECT COUNT(*) AS n FROM ledger_accounts a
      WHERE a.kind <> 'mint' AND a.balance <> (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e WHERE e.account_id = a.id)`,
  );
  const [negative] = await db.query("SELECT COUNT(*) AS n FROM ledger_accounts WHERE kind <> 'mint' AND balance < 0");
  const [strayed] = await db.query("SELECT COUNT(*) AS n FROM ledger_accounts WHERE slot <> 0 AND kind NOT IN ('campaign_budget', 'merchant')");
  // A pooled owner's balance (the sum over its slots) is what its slots' entries sum to.
  const [pooledDrift] = await db.query(
    `SELECT COUNT(*) AS n FROM (
       SELECT a.kind, a.owner_id, SUM(a.balance) AS kept,
              (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e JOIN ledger_accounts s ON s.id = e.account_id
                WHERE s.kind = a.kind AND s.owner_id = a.owner_id) AS posted
         FROM ledger_accounts a WHERE a.kind IN ('campaign_budget', 'merchant') GROUP BY a.kind, a.owner_id) AS p
      WHERE p.kept <> p.posted OR p.kept < 0`,
  );
  const [leakedRebalances] = await db.query(
    `SELECT COUNT(*) AS n FROM (
       SELECT t.id FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id JOIN ledger_accounts a ON a.id = e.account_id
        WHERE t.kind = 'pool_rebalance' GROUP BY t.id, a.kind, a.owner_id HAVING SUM(e.amount) <> 0) AS r`,
  );
  return {
    transactions: Number(counts.transactions),
    entries: Number(counts.entries),
    total: Number(counts.total),
    unbalanced: Number(unbalanced.n),
    drifted: Number(drifted.n),
    negative: Number(negative.n),
    strayed: Number(strayed.n),
    pooledDrift: Number(pooledDrift.n),
    leakedRebalances: Number(leakedRebalances.n),
  };
}

/** The state a healthy ledger is always in, whatever it holds. */
export const HEALTHY = { unbalanced: 0, drifted: 0, negative: 0, total: 0, strayed: 0, pooledDrift: 0, leakedRebalances: 0 };

/** What a pooled account (a campaign's budget, a merchant) holds over all its slots. */
export async function pooledBalance(db: DataSource, kind: 'campaign_budget' | 'merchant', ownerId: string): Promise<number> {
  const [row] = await db.query('SELECT COALESCE(SUM(balance), 0) AS balance FROM ledger_accounts WHERE kind = ? AND owner_id = ?', [kind, ownerId]);
  return Number(row.balance);
}
