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
  foreignKeys: [{ target: 'User', columnNames: ['userId'], referencedColumnNames: ['id'] }],
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
  foreignKeys: [{ target: 'User', columnNames: ['userId'], referencedColumnNames: ['id'] }],
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
  checks: [{ name: 'ck_account_not_negative', expression: "kind = 'mint' OR balance >= 0" }],
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
    // A prefix such as `redeem:<user id>:` plus a client key of up to 128 characters.
    idempotencyKey: { name: 'idempotency_key', type: 'varchar', length: 192 },
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
  foreignKeys: [
    { target: 'LedgerTransaction', columnNames: ['transactionId'], referencedColumnNames: ['id'] },
    { target: 'LedgerAccount', columnNames: ['accountId'], referencedColumnNames: ['id'] },
  ],
});

export interface MerchantRow {
  id: string;
  name: string;
  createdAt: number;
}

export const MerchantEntity = new EntitySchema<MerchantRow>({
  name: 'Merchant',
  tableName: 'merchants',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    name: { type: 'varchar', length: 64 },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
});

export interface StaffAccountRow {
  id: string;
  username: string;
  /** `scrypt$N$r$p$salt$key`; see auth/passwords.ts. */
  passwordHash: string;
  role: 'merchant' | 'operator';
  merchantId: string | null;
  createdAt: number;
}

export const StaffAccountEntity = new EntitySchema<StaffAccountRow>({
  name: 'StaffAccount',
  tableName: 'staff_accounts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    username: { type: 'varchar', length: 64 },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255 },
    role: { type: 'varchar', length: 16 },
    merchantId: { name: 'merchant_id', type: 'integer', nullable: true, transformer: idString },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_staff_username', columns: ['username'] }],
  foreignKeys: [{ target: 'Merchant', columnNames: ['merchantId'], referencedColumnNames: ['id'] }],
});

export interface OfferRow {
  id: string;
  merchantId: string;
  title: string;
  description: string;
  imageUrl: string | null;
  kind: 'coupon' | 'product' | 'venue_session';
  priceCoins: number;
  totalStock: number;
  /** Never below zero (a CHECK constraint), never above the total. */
  stockLeft: number;
  perUserLimit: number;
  validFrom: number;
  validUntil: number;
  voucherTtlSeconds: number;
  status: 'draft' | 'pending' | 'live' | 'paused' | 'ended' | 'rejected';
  rejectReason: string | null;
  createdAt: number;
  updatedAt: number;
}

export const OfferEntity = new EntitySchema<OfferRow>({
  name: 'Offer',
  tableName: 'offers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    merchantId: { name: 'merchant_id', type: 'integer', transformer: idString },
    title: { type: 'varchar', length: 80 },
    description: { type: 'varchar', length: 1000 },
    imageUrl: { name: 'image_url', type: 'varchar', length: 512, nullable: true },
    kind: { type: 'varchar', length: 16 },
    priceCoins: { name: 'price_coins', type: 'integer' },
    totalStock: { name: 'total_stock', type: 'integer' },
    stockLeft: { name: 'stock_left', type: 'integer' },
    perUserLimit: { name: 'per_user_limit', type: 'integer' },
    validFrom: { name: 'valid_from', type: 'bigint', transformer: bigintNumber },
    validUntil: { name: 'valid_until', type: 'bigint', transformer: bigintNumber },
    voucherTtlSeconds: { name: 'voucher_ttl_seconds', type: 'integer' },
    status: { type: 'varchar', length: 16 },
    rejectReason: { name: 'reject_reason', type: 'varchar', length: 255, nullable: true },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
    updatedAt: { name: 'updated_at', type: 'bigint', transformer: bigintNumber },
  },
  indices: [
    { name: 'ix_offer_status', columns: ['status', 'id'] },
    { name: 'ix_offer_merchant', columns: ['merchantId', 'id'] },
  ],
  foreignKeys: [{ target: 'Merchant', columnNames: ['merchantId'], referencedColumnNames: ['id'] }],
  checks: [{ name: 'ck_offer_stock', expression: 'stock_left >= 0 AND stock_left <= total_stock' }],
});

export interface VoucherRow {
  id: string;
  /** 16 characters, 80 random bits; unique. */
  code: string;
  offerId: string;
  userId: string;
  merchantId: string;
  priceCoins: number;
  /** issued, used or refunded; an issued voucher past `expiresAt` is presented as expired. */
  status: 'issued' | 'used' | 'refunded';
  transactionId: string;
  issuedAt: number;
  expiresAt: number;
  usedAt: number | null;
  refundedAt: number | null;
}

export const VoucherEntity = new EntitySchema<VoucherRow>({
  name: 'Voucher',
  tableName: 'vouchers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    code: { type: 'varchar', length: 32 },
    offerId: { name: 'offer_id', type: 'integer', transformer: idString },
    userId: { name: 'user_id', type: 'integer', transformer: idString },
    merchantId: { name: 'merchant_id', type: 'integer', transformer: idString },
    priceCoins: { name: 'price_coins', type: 'integer' },
    status: { type: 'varchar', length: 16 },
    transactionId: { name: 'transaction_id', type: 'integer', transformer: idString },
    issuedAt: { name: 'issued_at', type: 'bigint', transformer: bigintNumber },
    expiresAt: { name: 'expires_at', type: 'bigint', transformer: bigintNumber },
    usedAt: { name: 'used_at', type: 'bigint', nullable: true, transformer: bigintNumber },
    refundedAt: { name: 'refunded_at', type: 'bigint', nullable: true, transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_voucher_code', columns: ['code'] }],
  indices: [
    { name: 'ix_voucher_user', columns: ['userId', 'id'] },
    { name: 'ix_voucher_offer_user', columns: ['offerId', 'userId'] },
    { name: 'ix_voucher_merchant', columns: ['merchantId', 'issuedAt'] },
  ],
  foreignKeys: [
    { target: 'Offer', columnNames: ['offerId'], referencedColumnNames: ['id'] },
    { target: 'User', columnNames: ['userId'], referencedColumnNames: ['id'] },
  ],
});

export interface RedemptionRequestRow {
  id: string;
  userId: string;
  idempotencyKey: string;
  /** SHA-256 of the offer and body: the same key with another request is refused. */
  requestHash: string;
  voucherId: string;
  balanceAfter: number;
  createdAt: number;
}

export const RedemptionRequestEntity = new EntitySchema<RedemptionRequestRow>({
  name: 'RedemptionRequest',
  tableName: 'redemption_requests',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment', transformer: idString },
    userId: { name: 'user_id', type: 'integer', transformer: idString },
    idempotencyKey: { name: 'idempotency_key', type: 'varchar', length: 128 },
    requestHash: { name: 'request_hash', type: 'varchar', length: 64 },
    voucherId: { name: 'voucher_id', type: 'integer', transformer: idString },
    balanceAfter: { name: 'balance_after', type: 'bigint', transformer: bigintNumber },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_redemption_key', columns: ['userId', 'idempotencyKey'] }],
});

export const ENTITIES = [
  UserEntity,
  PlatformIdentityEntity,
  DailyStepsEntity,
  StepSyncAttemptEntity,
  LedgerAccountEntity,
  LedgerTransactionEntity,
  LedgerEntryEntity,
  MerchantEntity,
  StaffAccountEntity,
  OfferEntity,
  VoucherEntity,
  RedemptionRequestEntity,
];
