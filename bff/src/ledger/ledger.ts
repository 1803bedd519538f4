import type { EntityManager } from 'typeorm';
import type { TransactionKind } from '@calorie-bank/shared';
import { insufficientCoins } from '../errors.js';
import { execute, insertIgnore } from '../db/transaction.js';
import type { AccountRef } from './accounts.js';

export interface Posting {
  account: AccountRef;
  /** Positive credits the account, negative debits it. */
  amount: number;
}

export interface PostTransactionInput {
  /** Unique per business event: posting the same key again changes nothing. */
  idempotencyKey: string;
  kind: TransactionKind;
  memo?: string | null;
  postings: Posting[];
  now?: number;
  /**
   * Balances the caller read under a row lock in this same transaction, by account id: the
   * balance after the posting is then known without reading the row again.
   */
  lockedBalances?: ReadonlyMap<string, number>;
}

export interface PostedTransaction {
  transactionId: string;
  /** False when the idempotency key had been posted before and nothing was written now. */
  created: boolean;
  /** Balance after the transaction of each balance-keeping account, by account id. */
  balances: Map<string, number>;
}

/** Accounts whose balance is kept on the account row and may never go below zero. */
function keepsBalance(account: AccountRef): boolean {
  return account.kind !== 'mint';
}

function checkBalanced(postings: Posting[]): void {
  if (postings.length < 2) throw new Error('a ledger transaction needs at least two postings');
  let sum = 0;
  for (const { amount } of postings) {
    if (!Number.isSafeInteger(amount) || amount === 0) throw new Error(`posting amount must be a non-zero integer, got ${amount}`);
    sum += amount;
  }
  if (sum !== 0) throw new Error(`ledger transaction does not balance: postings sum to ${sum}`);
}

/**
 * Posts one balanced double-entry transaction inside the caller's database transaction.
 *
 * The idempotency key is inserted first: a repeat finds it taken and returns the earlier
 * transaction untouched. Accounts are updated in id order so that two transactions touching the
 * same accounts lock them in the same order. A debit that would take a balance-keeping account
 * below zero throws INSUFFICIENT_COINS, and the caller's transaction rolls back whole.
 */
export async function postTransaction(manager: EntityManager, input: PostTransactionInput): Promise<PostedTransaction> {
  checkBalanced(input.postings);
  const now = input.now ?? Date.now();
  const inserted = await execute(
    manager,
    `${insertIgnore(manager)} INTO ledger_transactions (idempotency_key, kind, memo, created_at) VALUES (?, ?, ?, ?)`,
    [input.idempotencyKey, input.kind, input.memo ?? null, now],
  );
  if (inserted.affected === 0) return loadPosted(manager, input.idempotencyKey);
  const transactionId = inserted.insertId!;

  const balances = new Map<string, number>();
  const ordered = [...input.postings].sort((a, b) => Number(a.account.id) - Number(b.account.id));
  for (const { account, amount } of ordered) {
    if (!keepsBalance(account)) continue;
    const updated = await execute(
      manager,
      'UPDATE ledger_accounts SET balance = balance + ? WHERE id = ? AND balance + ? >= 0',
      [amount, account.id, amount],
    );
    if (updated.affected !== 1) throw insufficientCoins();
    const locked = input.lockedBalances?.get(account.id);
    if (locked !== undefined) {
      balances.set(account.id, (balances.get(account.id) ?? locked) + amount);
    } else {
      const rows: { balance: number | string }[] = await manager.query('SELECT balance FROM ledger_accounts WHERE id = ?', [account.id]);
      balances.set(account.id, Number(rows[0].balance));
    }
  }

  const values = input.postings.map(() => '(?, ?, ?, ?, ?)').join(', ');
  const parameters = input.postings.flatMap(({ account, amount }) => [
    transactionId,
    account.id,
    amount,
    balances.get(account.id) ?? null,
    now,
  ]);
  await manager.query(
    `INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at) VALUES ${values}`,
    parameters,
  );
  return { transactionId, created: true, balances };
}

async function loadPosted(manager: EntityManager, idempotencyKey: string): Promise<PostedTransaction> {
  const rows: { id: number | string; account_id: number | string; balance_after: number | string | null }[] = await manager.query(
    `SELECT t.id, e.account_id, e.balance_after FROM ledger_transactions t
       JOIN ledger_entries e ON e.transaction_id = t.id WHERE t.idempotency_key = ?`,
    [idempotencyKey],
  );
  if (rows.length === 0) throw new Error(`ledger transaction ${idempotencyKey} has no entries`);
  const balances = new Map<string, number>();
  for (const row of rows) {
    if (row.balance_after !== null) balances.set(String(row.account_id), Number(row.balance_after));
  }
  return { transactionId: String(rows[0].id), created: false, balances };
}
