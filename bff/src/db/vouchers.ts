import type { EntityManager } from 'typeorm';
import type { Voucher, VoucherStatus } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, isoTime, isoTimeOrNull, type Raw } from './rows.js';
import { Where } from './sql.js';
import { execute, forUpdate } from './transaction.js';

interface VoucherRow {
  id: Raw;
  code: string;
  offer_id: Raw;
  offer_title: string;
  status: VoucherStatus;
  price_coins: Raw;
  issued_at: Raw;
  expires_at: Raw;
  used_at: Raw | null;
}

const SELECT_VOUCHER = 'SELECT v.*, o.title AS offer_title FROM vouchers v JOIN offers o ON o.id = v.offer_id';

/** An issued voucher past its expiry is shown as expired; the coins stay spent, by the offer's terms. */
function toVoucher(row: VoucherRow, now: number): Voucher {
  const expired = row.status === 'issued' && int(row.expires_at) <= now;
  return {
    id: idOf(row.id),
    code: row.code,
    offerId: idOf(row.offer_id),
    offerTitle: row.offer_title,
    status: expired ? 'expired' : row.status,
    priceCoins: int(row.price_coins),
    issuedAt: isoTime(row.issued_at),
    expiresAt: isoTime(row.expires_at),
    usedAt: isoTimeOrNull(row.used_at),
  };
}

/** A voucher as its holder sees it at `now`. */
export async function findVoucher(manager: EntityManager, voucherId: string, now: number): Promise<Voucher | null> {
  const rows: VoucherRow[] = await manager.query(`${SELECT_VOUCHER} WHERE v.id = ?`, [voucherId]);
  return rows.length > 0 ? toVoucher(rows[0], now) : null;
}

/** One of a user's vouchers; null when there is none of that id, or it is someone else's. */
export async function findUserVoucher(manager: EntityManager, voucherId: string, userId: string, now: number): Promise<Voucher | null> {
  const rows: VoucherRow[] = await manager.query(`${SELECT_VOUCHER} WHERE v.id = ? AND v.user_id = ?`, [voucherId, userId]);
  return rows.length > 0 ? toVoucher(rows[0], now) : null;
}

/** Which voucher a counter code names, and whose it is. */
export async function voucherByCode(manager: EntityManager, code: string): Promise<{ id: string; merchantId: string } | null> {
  const rows: { id: Raw; merchant_id: Raw }[] = await manager.query('SELECT id, merchant_id FROM vouchers WHERE code = ?', [code]);
  return rows.length > 0 ? { id: idOf(rows[0].id), merchantId: idOf(rows[0].merchant_id) } : null;
}

/** The parts of a voucher a refund moves, with its row locked. */
export interface LockedVoucher {
  userId: string;
  merchantId: string;
  offerId: string;
  priceCoins: number;
}

export async function lockVoucher(manager: EntityManager, voucherId: string): Promise<LockedVoucher | null> {
  const rows: { user_id: Raw; merchant_id: Raw; offer_id: Raw; price_coins: Raw }[] = await manager.query(
    `SELECT id, user_id, merchant_id, offer_id, price_coins FROM vouchers WHERE id = ?${forUpdate(manager)}`,
    [voucherId],
  );
  const row = rows[0];
  return row ? { userId: idOf(row.user_id), merchantId: idOf(row.merchant_id), offerId: idOf(row.offer_id), priceCoins: int(row.price_coins) } : null;
}

/** A user's vouchers of an offer that still count against its per-user limit. */
export async function countHeldVouchers(manager: EntityManager, offerId: string, userId: string): Promise<number> {
  const rows: { n: Raw }[] = await manager.query("SELECT COUNT(*) AS n FROM vouchers WHERE offer_id = ? AND user_id = ? AND status <> 'refunded'", [
    offerId,
    userId,
  ]);
  return int(rows[0].n);
}

/** Issues a voucher and answers it as its holder sees it. */
export async function insertVoucher(
  manager: EntityManager,
  voucher: {
    code: string; offerId: string; offerTitle: string; userId: string; merchantId: string;
    priceCoins: number; transactionId: string; issuedAt: number; expiresAt: number;
  },
): Promise<Voucher> {
  const inserted = await execute(
    manager,
    `INSERT INTO vouchers (code, offer_id, user_id, merchant_id, price_coins, status, transaction_id, issued_at, expires_at, used_at, refunded_at)
     VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, ?, NULL, NULL)`,
    [voucher.code, voucher.offerId, voucher.userId, voucher.merchantId, voucher.priceCoins, voucher.transactionId, voucher.issuedAt, voucher.expiresAt],
  );
  const row: VoucherRow = {
    id: inserted.insertId!,
    code: voucher.code,
    offer_id: voucher.offerId,
    offer_title: voucher.offerTitle,
    status: 'issued',
    price_coins: voucher.priceCoins,
    issued_at: voucher.issuedAt,
    expires_at: voucher.expiresAt,
    used_at: null,
  };
  return toVoucher(row, voucher.issuedAt);
}

/**
 * Moves an issued, unexpired voucher to `used` or `refunded` in one conditional statement, so
 * two counters (or a counter and a refund) cannot both win; false when it was not issued.
 */
export async function closeVoucher(manager: EntityManager, voucherId: string, to: 'used' | 'refunded', now: number): Promise<boolean> {
  const column = to === 'used' ? 'used_at' : 'refunded_at';
  const closed = await execute(manager, `UPDATE vouchers SET status = ?, ${column} = ? WHERE id = ? AND status = 'issued' AND expires_at > ?`, [
    to,
    now,
    voucherId,
    now,
  ]);
  return closed.affected === 1;
}

type PageQuery = { cursor?: string; limit: number };

/** A user's vouchers, newest first. */
export async function listUserVouchers(manager: EntityManager, userId: string, now: number, query: PageQuery): Promise<Page<Voucher>> {
  const before = decodeCursor(query.cursor, ['n']);
  const where = new Where().and('v.user_id = ?', [userId]).and('v.id < ?', [before?.[0]], before !== null);
  const rows: VoucherRow[] = await manager.query(`${SELECT_VOUCHER} ${where} ORDER BY v.id DESC LIMIT ?`, [...where.params, query.limit + 1]);
  return keysetPage(rows, query.limit, (row) => toVoucher(row, now), (row) => [int(row.id)]);
}

/** A merchant's vouchers issued in [start, end), newest first. */
export async function listMerchantVouchers(
  manager: EntityManager,
  merchantId: string,
  issued: { start: number; end: number },
  now: number,
  query: PageQuery,
): Promise<Page<Voucher>> {
  const before = decodeCursor(query.cursor, ['n']);
  const where = new Where()
    .and('v.merchant_id = ? AND v.issued_at >= ? AND v.issued_at < ?', [merchantId, issued.start, issued.end])
    .and('v.id < ?', [before?.[0]], before !== null);
  const rows: VoucherRow[] = await manager.query(`${SELECT_VOUCHER} ${where} ORDER BY v.id DESC LIMIT ?`, [...where.params, query.limit + 1]);
  return keysetPage(rows, query.limit, (row) => toVoucher(row, now), (row) => [int(row.id)]);
}

/** How many of a merchant's vouchers are in each status at `now` (issued ones past expiry count as expired). */
export async function voucherCountsByStatus(manager: EntityManager, merchantId: string, now: number): Promise<Record<string, number>> {
  const rows: { status: VoucherStatus; n: Raw }[] = await manager.query(
    `SELECT CASE WHEN status = 'issued' AND expires_at <= ? THEN 'expired' ELSE status END AS status, COUNT(*) AS n
       FROM vouchers WHERE merchant_id = ? GROUP BY 1`,
    [now, merchantId],
  );
  return Object.fromEntries(rows.map((row) => [row.status, int(row.n)]));
}

/** A merchant's vouchers issued and used since `since`. */
export async function merchantActivitySince(manager: EntityManager, merchantId: string, since: number): Promise<{ redeemed: number; used: number }> {
  const [row]: { redeemed: Raw | null; used: Raw | null }[] = await manager.query(
    `SELECT SUM(CASE WHEN issued_at >= ? THEN 1 ELSE 0 END) AS redeemed, SUM(CASE WHEN used_at >= ? THEN 1 ELSE 0 END) AS used
       FROM vouchers WHERE merchant_id = ?`,
    [since, since, merchantId],
  );
  return { redeemed: int(row?.redeemed), used: int(row?.used) };
}
