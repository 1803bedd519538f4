import type { EntityManager } from 'typeorm';
import type { TransactionKind } from '@calorie-bank/shared';
import { insufficientCoins } from '../errors.js';
import { addToBalance, balanceById, insertEntries, insertTransaction, postedByKey, writeFreshTransaction } from '../db/ledger.js';
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
  /**
   * Balances after, by account id, of postings already applied to their accounts in this same
   * transaction (a draw from a pooled account, `pools.ts`): they are recorded, not applied again.
   * Such a transaction cannot be a repeat, so a taken idempotency key throws.
   */
  applied?: ReadonlyMap<string, number | null>;
}

export interface PostedTransaction {
  transactionId: string;
  /** False when the idempotency key had been posted before and nothing was written now. */
  created: boolean;
  /** Balance after the transaction of each balance-keeping account, by account id (pool slots only when known). */
  balances: Map<string, number>;
}

/** Accounts whose balance is kept on the account row and may never go below zero. */
function keepsBalance(account: AccountRef): boolean {
  return account.kind !== 'mint';
}

/**
 * A slot of a pooled account (`pools.ts`): its entries record the balance after only when it is
 * known without a read. Nobody reads a slot's history, and reading every slot back would cost a
 * statement per payment.
 */
function isPoolSlot(account: AccountRef): boolean {
  return account.kind === 'campaign_budget' || account.kind === 'merchant';
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
  const transactionId = await insertTransaction(manager, { idempotencyKey: input.idempotencyKey, kind: input.kind, memo: input.memo ?? null, now });
  if (transactionId === null) {
    if (input.applied) throw new Error(`ledger transaction ${input.idempotencyKey} was posted before its draw`);
    return loadPosted(manager, input.idempotencyKey);
  }

  const balances = new Map<string, number>();
  const ordered = [...input.postings].sort((a, b) => Number(a.account.id) - Number(b.account.id));
  for (const { account, amount } of ordered) {
    if (!keepsBalance(account)) continue;
    if (input.applied?.has(account.id)) {
      const after = input.applied.get(account.id);
      if (after !== null && after !== undefined) balances.set(account.id, after);
      continue;
    }
    if (!(await addToBalance(manager, account.id, amount))) throw insufficientCoins();
    const locked = input.lockedBalances?.get(account.id);
    if (locked !== undefined) balances.set(account.id, (balances.get(account.id) ?? locked) + amount);
    else if (!isPoolSlot(account)) balances.set(account.id, await balanceById(manager, account.id));
  }

  await insertEntries(
    manager,
    transactionId,
    input.postings.map(({ account, amount }) => ({ accountId: account.id, amount, balanceAfter: balances.get(account.id) ?? null })),
    now,
  );
  return { transactionId, created: true, balances };
}

/**
 * Posts a transaction whose idempotency key no earlier one can hold (it names a state only this
 * transaction reaches, as a day's coins after this very credit, under the user's row lock), when
 * every balance-keeping account was read under a row lock in this transaction and none would go
 * below zero. Nothing is left for the server to refuse, so its writes go with the transaction's
 * next statement instead of a round trip each (`writeFreshTransaction`); a taken key would fail
 * the whole transaction. Otherwise it posts as `postTransaction` does. Returns the balances after.
 */
export async function postFreshTransaction(manager: EntityManager, input: PostTransactionInput): Promise<Map<string, number>> {
  checkBalanced(input.postings);
  const balances = new Map<string, number>();
  for (const { account, amount } of input.postings) {
    if (!keepsBalance(account)) continue;
    const before = balances.get(account.id) ?? input.lockedBalances?.get(account.id);
    if (input.applied || before === undefined || before + amount < 0) return (await postTransaction(manager, input)).balances;
    balances.set(account.id, before + amount);
  }
  const now = input.now ?? Date.now();
  await writeFreshTransaction(
    manager,
    { idempotencyKey: input.idempotencyKey, kind: input.kind, memo: input.memo ?? null, now },
    input.postings.map(({ account, amount }) => ({ accountId: account.id, amount, keepsBalance: keepsBalance(account), balanceAfter: balances.get(account.id) ?? null })),
  );
  return balances;
}

async function loadPosted(manager: EntityManager, idempotencyKey: string): Promise<PostedTransaction> {
  const posted = await postedByKey(manager, idempotencyKey);
  if (!posted) throw new Error(`ledger transaction ${idempotencyKey} has no entries`);
  return { ...posted, created: false };
}
