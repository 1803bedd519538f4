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
  return {
    transactions: Number(counts.transactions),
    entries: Number(counts.entries),
    total: Number(counts.total),
    unbalanced: Number(unbalanced.n),
    drifted: Number(drifted.n),
    negative: Number(negative.n),
  };
}

/** The state a healthy ledger is always in, whatever it holds. */
export const HEALTHY = { unbalanced: 0, drifted: 0, negative: 0, total: 0 };
