import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { businessDate, startOfBusinessDay, type RedeemRequest, type Voucher, type VoucherStatus } from '@calorie-bank/shared';
import { execute, forUpdate, insertIgnore, runInTransaction } from '../db/transaction.js';
import { AppError, authInvalid, notFound, userFrozen } from '../errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { findOffer } from './offers.js';

interface VoucherRow {
  id: number | string;
  code: string;
  offer_id: number | string;
  offer_title: string;
  status: VoucherStatus;
  price_coins: number;
  issued_at: number | string;
  expires_at: number | string;
  used_at: number | string | null;
}

const SELECT_VOUCHER = 'SELECT v.*, o.title AS offer_title FROM vouchers v JOIN offers o ON o.id = v.offer_id';

/** An issued voucher past its expiry is shown as expired; the coins stay spent, by the offer's terms. */
export function presentVoucher(row: VoucherRow, now: number): Voucher {
  const expired = row.status === 'issued' && Number(row.expires_at) <= now;
  return {
    id: String(row.id),
    code: row.code,
    offerId: String(row.offer_id),
    offerTitle: row.offer_title,
    status: expired ? 'expired' : row.status,
    priceCoins: Number(row.price_coins),
    issuedAt: new Date(Number(row.issued_at)).toISOString(),
    expiresAt: new Date(Number(row.expires_at)).toISOString(),
    usedAt: row.used_at === null ? null : new Date(Number(row.used_at)).toISOString(),
  };
}

/** 16 characters from an alphabet without look-alikes: 80 random bits, read aloud or typed at a counter. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function voucherCode(): string {
  const bytes = randomBytes(16);
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

async function voucherById(manager: EntityManager, voucherId: string, now: number): Promise<Voucher> {
  const rows: VoucherRow[] = await manager.query(`${SELECT_VOUCHER} WHERE v.id = ?`, [voucherId]);
  return presentVoucher(rows[0], now);
}

/**
 * What an Idempotency-Key is bound to: the offer and the parsed body, its fields in a fixed order,
 * with no body and `{}` alike (written as `null`, as requests stored before the body was parsed were).
 */
function redeemRequestHash(offerId: string, body: RedeemRequest): string {
  const names = Object.keys(body ?? {}).sort();
  const fields = body && names.length > 0 ? JSON.stringify(Object.fromEntries(names.map((name) => [name, body[name]]))) : 'null';
  return createHash('sha256').update(`offer:${offerId}:${fields}`).digest('hex');
}

/**
 * Spends a user's coins on an offer, in one transaction: the user row is locked first (so one
 * user's requests, and retries of the same Idempotency-Key, run one after another, and the
 * per-user limit holds); the wallet pays the merchant in the ledger (its guarded debit refuses an
 * overdraft), one unit of stock goes by a conditional update that also re-checks the offer is live
 * (so stock cannot be oversold), and a voucher with an unguessable code is issued. The request is stored under its key: the same key
 * and body answer the first result again; the same key with another body is refused. It runs at
 * READ COMMITTED so that the counts read after each lock include what the previous holder committed.
 */
export async function redeemOffer(context: ServiceContext, userId: string, offerId: string, idempotencyKey: string, body: RedeemRequest) {
  const now = context.now().getTime();
  const requestHash = redeemRequestHash(offerId, body);
  return runInTransaction(context.db, async (manager) => {
    const users: { frozen: number | boolean }[] = await manager.query(`SELECT frozen FROM users WHERE id = ?${forUpdate(manager)}`, [userId]);
    if (users.length === 0) throw authInvalid('This account no longer exists');

    const earlier: { request_hash: string; voucher_id: number | string; balance_after: number | string }[] = await manager.query(
      'SELECT request_hash, voucher_id, balance_after FROM redemption_requests WHERE user_id = ? AND idempotency_key = ?',
      [userId, idempotencyKey],
    );
    if (earlier.length > 0) {
      if (earlier[0].request_hash !== requestHash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another request');
      }
      return { voucher: await voucherById(manager, String(earlier[0].voucher_id), now), balance: Number(earlier[0].balance_after), replayed: true };
    }
    if (users[0].frozen) throw userFrozen();

    // Checked without a lock first, to refuse early; the stock update below checks again atomically.
    const offer = await findOffer(manager, offerId);
    if (!offer) throw notFound('This offer');
    const unavailable = () => new AppError('OFFER_NOT_AVAILABLE', 'This offer cannot be redeemed now');
    const soldOut = () => new AppError('OUT_OF_STOCK', 'This offer is sold out');
    if (offer.status !== 'live' || Number(offer.valid_from) > now || Number(offer.valid_until) <= now) throw unavailable();
    if (Number(offer.stock_left) <= 0) throw soldOut();
    // The user's row lock makes this count final: no other purchase of theirs can commit meanwhile.
    const held: { n: number | string }[] = await manager.query(
      "SELECT COUNT(*) AS n FROM vouchers WHERE offer_id = ? AND user_id = ? AND status <> 'refunded'",
      [offerId, userId],
    );
    if (Number(held[0].n) >= Number(offer.per_user_limit)) {
      throw new AppError('REDEEM_LIMIT_REACHED', `Each user may redeem this offer ${offer.per_user_limit} time(s)`);
    }

    // From the merchant's account row on, the rows every buyer of this merchant and offer needs are
    // locked until commit, so only short writes follow.
    const merchantId = String(offer.merchant_id);
    const wallet = await ensureAccount(manager, 'user_wallet', userId, now);
    const merchant = await ensureAccount(manager, 'merchant', merchantId, now);
    const price = Number(offer.price_coins);
    const posted = await postTransaction(manager, {
      idempotencyKey: `redeem:${userId}:${idempotencyKey}`,
      kind: 'redemption',
      memo: offer.title.slice(0, 200),
      postings: [
        { account: wallet, amount: -price },
        { account: merchant, amount: price },
      ],
      now,
    });
    const taken = await execute(
      manager,
      `UPDATE offers SET stock_left = stock_left - 1, updated_at = ?
        WHERE id = ? AND stock_left > 0 AND status = 'live' AND valid_from <= ? AND valid_until > ?`,
      [now, offerId, now, now],
    );
    if (taken.affected !== 1) {
      const current = await findOffer(manager, offerId);
      throw current?.status === 'live' && Number(current.stock_left) <= 0 ? soldOut() : unavailable();
    }
    const code = voucherCode();
    const expiresAt = now + Number(offer.voucher_ttl_seconds) * 1000;
    const voucher = await execute(
      manager,
      `INSERT INTO vouchers (code, offer_id, user_id, merchant_id, price_coins, status, transaction_id, issued_at, expires_at, used_at, refunded_at)
       VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, ?, NULL, NULL)`,
      [code, offerId, userId, merchantId, price, posted.transactionId, now, expiresAt],
    );
    const balance = posted.balances.get(wallet.id)!;
    await manager.query(
      `${insertIgnore(manager)} INTO redemption_requests (user_id, idempotency_key, request_hash, voucher_id, balance_after, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [userId, idempotencyKey, requestHash, voucher.insertId, balance, now],
    );
    const issued: VoucherRow = {
      id: voucher.insertId!,
      code,
      offer_id: offerId,
      offer_title: offer.title,
      status: 'issued',
      price_coins: price,
      issued_at: now,
      expires_at: expiresAt,
      used_at: null,
    };
    return { voucher: presentVoucher(issued, now), balance, replayed: false };
  }, { isolation: 'READ COMMITTED' });
}

export async function listUserVouchers(context: ServiceContext, userId: string) {
  const now = context.now().getTime();
  const rows: VoucherRow[] = await context.db.query(`${SELECT_VOUCHER} WHERE v.user_id = ? ORDER BY v.id DESC LIMIT 200`, [userId]);
  return { items: rows.map((row) => presentVoucher(row, now)) };
}

/**
 * A merchant checks a voucher in at the counter. One conditional UPDATE decides: only an issued,
 * unexpired voucher of this merchant becomes used, so two check-ins of one code cannot both win.
 * Another merchant's code is answered as not found, telling them nothing about it.
 */
export async function checkInVoucher(context: ServiceContext, merchantId: string, code: string) {
  const now = context.now().getTime();
  const normalized = code.toUpperCase().replace(/[\s-]/g, '');
  return runInTransaction(context.db, async (manager) => {
    const rows: { id: number | string; merchant_id: number | string }[] = await manager.query('SELECT id, merchant_id FROM vouchers WHERE code = ?', [normalized]);
    if (rows.length === 0 || String(rows[0].merchant_id) !== merchantId) throw notFound('This voucher');
    const used = await execute(
      manager,
      "UPDATE vouchers SET status = 'used', used_at = ? WHERE id = ? AND status = 'issued' AND expires_at > ?",
      [now, rows[0].id, now],
    );
    const voucher = await voucherById(manager, String(rows[0].id), now);
    if (used.affected !== 1) throw new AppError('VOUCHER_NOT_REDEEMABLE', `This voucher is ${voucher.status}`, { details: { status: voucher.status } });
    return { voucher };
  });
}

/**
 * Cancels an unused voucher (an operator's call, or the merchant's for their own voucher): the
 * coins go back from the merchant to the user in a reversing ledger transaction and the unit goes
 * back into stock. A used, expired or already refunded voucher cannot be refunded.
 */
export async function refundVoucher(context: ServiceContext, voucherId: string, by: { merchantId: string } | { operator: Operator }) {
  const merchantId = 'merchantId' in by ? by.merchantId : undefined;
  const now = context.now().getTime();
  return runInTransaction(
    context.db,
    async (manager) => {
      const rows: { id: number | string; user_id: number | string; merchant_id: number | string; offer_id: number | string; price_coins: number }[] =
        await manager.query(`SELECT id, user_id, merchant_id, offer_id, price_coins FROM vouchers WHERE id = ?${forUpdate(manager)}`, [voucherId]);
      const row = rows[0];
      if (!row || (merchantId !== undefined && String(row.merchant_id) !== merchantId)) throw notFound('This voucher');
      const cancelled = await execute(
        manager,
        "UPDATE vouchers SET status = 'refunded', refunded_at = ? WHERE id = ? AND status = 'issued' AND expires_at > ?",
        [now, voucherId, now],
      );
      if (cancelled.affected !== 1) {
        const voucher = await voucherById(manager, voucherId, now);
        throw new AppError('VOUCHER_NOT_REDEEMABLE', `This voucher is ${voucher.status}`, { details: { status: voucher.status } });
      }
      const price = Number(row.price_coins);
      await postTransaction(manager, {
        idempotencyKey: `refund:${voucherId}`,
        kind: 'refund',
        memo: `voucher ${voucherId}`,
        postings: [
          { account: await ensureAccount(manager, 'merchant', String(row.merchant_id), now), amount: -price },
          { account: await ensureAccount(manager, 'user_wallet', String(row.user_id), now), amount: price },
        ],
        now,
      });
      await manager.query('UPDATE offers SET stock_left = stock_left + 1, updated_at = ? WHERE id = ?', [now, row.offer_id]);
      const voucher = await voucherById(manager, voucherId, now);
      if ('operator' in by) {
        await recordAudit(
          manager,
          by.operator,
          { action: 'voucher.refund', targetType: 'voucher', targetId: voucherId, before: { status: 'issued' }, after: { status: voucher.status, coins: price } },
          now,
        );
      }
      return { voucher };
    },
    { isolation: 'READ COMMITTED' },
  );
}

/** A merchant's vouchers issued on one business day, newest first: the console's list of today's redemptions. */
export async function listMerchantVouchers(context: ServiceContext, merchantId: string, date?: string) {
  const now = context.now().getTime();
  const day = date ?? businessDate(context.now(), context.config.businessTimeZone);
  const start = startOfBusinessDay(new Date(`${day}T12:00:00Z`), context.config.businessTimeZone);
  const rows: VoucherRow[] = await context.db.query(
    `${SELECT_VOUCHER} WHERE v.merchant_id = ? AND v.issued_at >= ? AND v.issued_at < ? ORDER BY v.id DESC LIMIT 500`,
    [merchantId, start, start + 86_400_000],
  );
  return { items: rows.map((row) => presentVoucher(row, now)) };
}

/** Counts for a merchant's console: offers by status, vouchers by status, today's activity and coins earned. */
export async function merchantStats(context: ServiceContext, merchantId: string) {
  const now = context.now().getTime();
  const dayStart = startOfBusinessDay(context.now(), context.config.businessTimeZone);
  const offers: { status: string; n: number | string }[] = await context.db.query(
    'SELECT status, COUNT(*) AS n FROM offers WHERE merchant_id = ? GROUP BY status',
    [merchantId],
  );
  const vouchers: { status: VoucherStatus; n: number | string }[] = await context.db.query(
    `SELECT CASE WHEN status = 'issued' AND expires_at <= ? THEN 'expired' ELSE status END AS status, COUNT(*) AS n
       FROM vouchers WHERE merchant_id = ? GROUP BY 1`,
    [now, merchantId],
  );
  const [today]: { redeemed: number | string | null; used: number | string | null }[] = await context.db.query(
    `SELECT SUM(CASE WHEN issued_at >= ? THEN 1 ELSE 0 END) AS redeemed, SUM(CASE WHEN used_at >= ? THEN 1 ELSE 0 END) AS used
       FROM vouchers WHERE merchant_id = ?`,
    [dayStart, dayStart, merchantId],
  );
  const balance: { balance: number | string }[] = await context.db.query(
    "SELECT balance FROM ledger_accounts WHERE kind = 'merchant' AND owner_id = ?",
    [merchantId],
  );
  return {
    offers: {
      draft: 0,
      pending: 0,
      live: 0,
      paused: 0,
      ended: 0,
      rejected: 0,
      ...Object.fromEntries(offers.map((row) => [row.status, Number(row.n)])),
    },
    vouchers: { issued: 0, used: 0, expired: 0, refunded: 0, ...Object.fromEntries(vouchers.map((row) => [row.status, Number(row.n)])) },
    redeemedToday: Number(today?.redeemed ?? 0),
    usedToday: Number(today?.used ?? 0),
    coinsEarned: Number(balance[0]?.balance ?? 0),
  };
}
