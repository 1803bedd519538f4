import type { WalletTransactionsQuery, WalletTransactionsResponse } from '@calorie-bank/shared';
import { accountHistory } from '../db/ledger.js';
import { decodeCursor } from '../db/pages.js';
import { findAccount } from '../ledger/accounts.js';
import type { ServiceContext } from './context.js';

/**
 * A page of the user's wallet history, newest first. The cursor names the last entry, so pages
 * stay stable while new coins arrive.
 */
export async function listWalletTransactions(
  context: ServiceContext,
  userId: string,
  query: WalletTransactionsQuery,
): Promise<WalletTransactionsResponse> {
  decodeCursor(query.cursor, ['n']); // a malformed cursor is refused even before the first coin
  const wallet = await findAccount(context.db.manager, 'user_wallet', userId);
  if (!wallet) return { items: [], nextCursor: null };
  return accountHistory(context.db.manager, wallet.id, query);
}
