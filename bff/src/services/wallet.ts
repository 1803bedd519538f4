import type { WalletTransactionsQuery, WalletTransactionsResponse, TransactionKind } from '@calorie-bank/shared';
import { findAccount } from '../ledger/accounts.js';
import type { ServiceContext } from './context.js';
import { keysetPage } from './pages.js';

/**
 * A page of the user's wallet history, newest first. The cursor is the last entry's id, so pages
 * stay stable while new coins arrive.
 */
export async function listWalletTransactions(
  context: ServiceContext,
  userId: string,
  query: WalletTransactionsQuery,
): Promise<WalletTransactionsResponse> {
  const wallet = await findAccount(context.db.manager, 'user_wallet', userId);
  if (!wallet) return { items: [], nextCursor: null };
  const before = query.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(query.cursor);
  const rows: {
    entry_id: number | string;
    transaction_id: number | string;
    kind: TransactionKind;
    amount: number | string;
    balance_after: number | string;
    created_at: number | string;
    memo: string | null;
  }[] = await context.db.query(
    `SELECT e.id AS entry_id, t.id AS transaction_id, t.kind, e.amount, e.balance_after, e.created_at, t.memo
       FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
      WHERE e.account_id = ? AND e.id < ? ORDER BY e.id DESC LIMIT ?`,
    [wallet.id, before, query.limit + 1],
  );
  return keysetPage(
    rows,
    query.limit,
    (row) => ({
      id: String(row.transaction_id),
      kind: row.kind,
      amount: Number(row.amount),
      balanceAfter: Number(row.balance_after),
      createdAt: new Date(Number(row.created_at)).toISOString(),
      memo: row.memo,
    }),
    (row) => row.entry_id,
  );
}
