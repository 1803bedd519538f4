import { EntitySchema } from 'typeorm';

/**
 * Table definitions for TypeORM. Plain schemas rather than decorated classes: rows are plain
 * objects, and nothing depends on decorator metadata that the TypeScript runners do not emit.
 * Times are epoch milliseconds in BIGINT columns, the same on MySQL and SQLite; coins are integers.
 */

/** BIGINT values arrive as strings from mysql2; coins and times are safe integers, so map them to numbers. */
const bigintNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** Row ids travel as strings so that they never lose precision. */
const idString = {
  to: (value: string | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : String(value)),
};

export interface UserRow {
  id: string;
  nickname: string;
  avatarUrl: string | null;
  weightKg: number | null;
  frozen: boolean;
  createdAt: number;
}

export const UserEntity = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    nickname: { type: 'varchar', length: 64 },
    avatarUrl: { name: 'avatar_url', type: 'varchar', length: 512, nullable: true },
    weightKg: { name: 'weight_kg', type: 'integer', nullable: true },
    frozen: { type: 'boolean', default: false },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
});

export interface PlatformIdentityRow {
  id: string;
  platform: 'alipay' | 'wechat';
  platformUserId: string;
  userId: string;
  /** WeChat's session key, needed to decrypt WeRun data; never leaves the server. */
  sessionKey: string | null;
  createdAt: number;
}

export const PlatformIdentityEntity = new EntitySchema<PlatformIdentityRow>({
  name: 'PlatformIdentity',
  tableName: 'platform_identities',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    platform: { type: 'varchar', length: 16 },
    platformUserId: { name: 'platform_user_id', type: 'varchar', length: 128 },
    userId: { name: 'user_id', type: 'integer', transformer: idString },
    sessionKey: { name: 'session_key', type: 'varchar', length: 128, nullable: true },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_identity_platform_user', columns: ['platform', 'platformUserId'] }],
});

export interface DailyStepsRow {
  userId: string;
  date: string;
  steps: number;
  /** When the day's current best count was first recorded; the leaderboard's tie-break. */
  reachedAt: number;
  calories: number;
  /** Base coins already paid for this day. */
  coinsCredited: number;
  updatedAt: number;
}

export const DailyStepsEntity = new EntitySchema<DailyStepsRow>({
  name: 'DailySteps',
  tableName: 'daily_steps',
  columns: {
    userId: { name: 'user_id', type: 'integer', primary: true, transformer: idString },
    date: { type: 'varchar', length: 10, primary: true },
    steps: { type: 'integer' },
    reachedAt: { name: 'reached_at', type: 'bigint', transformer: bigintNumber },
    calories: { type: 'integer' },
    coinsCredited: { name: 'coins_credited', type: 'integer' },
    updatedAt: { name: 'updated_at', type: 'bigint', transformer: bigintNumber },
  },
  indices: [{ name: 'ix_daily_steps_board', columns: ['date', 'steps', 'reachedAt'] }],
});

export type SyncOutcome = 'accepted' | 'rejected';

export interface StepSyncAttemptRow {
  id: string;
  userId: string;
  date: string | null;
  steps: number | null;
  outcome: SyncOutcome;
  /** The error code of a rejected attempt. */
  reason: string | null;
  /** SHA-256 of the platform's ciphertext: equal payloads have equal fingerprints. */
  fingerprint: string | null;
  flagged: boolean;
  credited: number;
  createdAt: number;
}

export const StepSyncAttemptEntity = new EntitySchema<StepSyncAttemptRow>({
  name: 'StepSyncAttempt',
  tableName: 'step_sync_attempts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    userId: { name: 'user_id', type: 'integer', transformer: idString },
    date: { type: 'varchar', length: 10, nullable: true },
    steps: { type: 'integer', nullable: true },
    outcome: { type: 'varchar', length: 16 },
    reason: { type: 'varchar', length: 48, nullable: true },
    fingerprint: { type: 'varchar', length: 64, nullable: true },
    flagged: { type: 'boolean', default: false },
    credited: { type: 'integer', default: 0 },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
  indices: [
    { name: 'ix_sync_fingerprint', columns: ['date', 'fingerprint'] },
    { name: 'ix_sync_user', columns: ['userId', 'createdAt'] },
  ],
});

export type AccountKind = 'user_wallet' | 'mint' | 'merchant' | 'campaign_budget';

export interface LedgerAccountRow {
  id: string;
  kind: AccountKind;
  /** The user, merchant or campaign the account belongs to; `mint` for the mint. */
  ownerId: string;
  /** Kept for accounts that must never go below zero; the mint's balance is the sum of its entries. */
  balance: number;
  createdAt: number;
}

export const LedgerAccountEntity = new EntitySchema<LedgerAccountRow>({
  name: 'LedgerAccount',
  tableName: 'ledger_accounts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    kind: { type: 'varchar', length: 24 },
    ownerId: { name: 'owner_id', type: 'varchar', length: 32 },
    balance: { type: 'bigint', default: 0, transformer: bigintNumber },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_account_owner', columns: ['kind', 'ownerId'] }],
});

export interface LedgerTransactionRow {
  id: string;
  idempotencyKey: string;
  kind: string;
  memo: string | null;
  createdAt: number;
}

export const LedgerTransactionEntity = new EntitySchema<LedgerTransactionRow>({
  name: 'LedgerTransaction',
  tableName: 'ledger_transactions',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    idempotencyKey: { name: 'idempotency_key', type: 'varchar', length: 128 },
    kind: { type: 'varchar', length: 24 },
    memo: { type: 'varchar', length: 255, nullable: true },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_transaction_idempotency', columns: ['idempotencyKey'] }],
});

export interface LedgerEntryRow {
  id: string;
  transactionId: string;
  accountId: string;
  /** Positive credits the account, negative debits it. */
  amount: number;
  /** The account's balance right after this entry; null for the mint, whose balance is not kept. */
  balanceAfter: number | null;
  createdAt: number;
}

export const LedgerEntryEntity = new EntitySchema<LedgerEntryRow>({
  name: 'LedgerEntry',
  tableName: 'ledger_entries',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    transactionId: { name: 'transaction_id', type: 'integer', transformer: idString },
    accountId: { name: 'account_id', type: 'integer', transformer: idString },
    amount: { type: 'bigint', transformer: bigintNumber },
    balanceAfter: { name: 'balance_after', type: 'bigint', nullable: true, transformer: bigintNumber },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
  indices: [
    { name: 'ix_entry_account', columns: ['accountId', 'id'] },
    { name: 'ix_entry_transaction', columns: ['transactionId'] },
  ],
});

export const ENTITIES = [
  UserEntity,
  PlatformIdentityEntity,
  DailyStepsEntity,
  StepSyncAttemptEntity,
  LedgerAccountEntity,
  LedgerTransactionEntity,
  LedgerEntryEntity,
];
