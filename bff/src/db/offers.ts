import type { EntityManager } from 'typeorm';
import type { CreateOfferRequest, Offer, OfferStatus } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, isoTime, type Raw } from './rows.js';
import { setClause, Where } from './sql.js';
import { execute, forUpdate } from './transaction.js';

interface OfferRow {
  id: Raw;
  merchant_id: Raw;
  merchant_name: string;
  title: string;
  description: string;
  image_url: string | null;
  kind: Offer['kind'];
  price_coins: Raw;
  total_stock: Raw;
  stock_left: Raw;
  per_user_limit: Raw;
  valid_from: Raw;
  valid_until: Raw;
  voucher_ttl_seconds: Raw;
  status: OfferStatus;
  reject_reason: string | null;
}

const SELECT_OFFER = 'SELECT o.*, m.name AS merchant_name FROM offers o JOIN merchants m ON m.id = o.merchant_id';

function toOffer(row: OfferRow): Offer {
  return {
    id: idOf(row.id),
    merchantId: idOf(row.merchant_id),
    merchantName: row.merchant_name,
    title: row.title,
    description: row.description,
    imageUrl: row.image_url,
    kind: row.kind,
    priceCoins: int(row.price_coins),
    totalStock: int(row.total_stock),
    stockLeft: int(row.stock_left),
    perUserLimit: int(row.per_user_limit),
    validFrom: isoTime(row.valid_from),
    validUntil: isoTime(row.valid_until),
    voucherTtlSeconds: int(row.voucher_ttl_seconds),
    status: row.status,
    rejectReason: row.reject_reason,
  };
}

/**
 * One offer with its merchant's name. With `lock`, the offer row is read with FOR UPDATE, which
 * also makes the values the current ones rather than the transaction's snapshot (the merchant row
 * is read apart, so that it is not locked too).
 */
export async function findOffer(manager: EntityManager, offerId: string, options: { lock?: boolean } = {}): Promise<Offer | null> {
  if (!options.lock) {
    const rows: OfferRow[] = await manager.query(`${SELECT_OFFER} WHERE o.id = ?`, [offerId]);
    return rows.length > 0 ? toOffer(rows[0]) : null;
  }
  const rows: Omit<OfferRow, 'merchant_name'>[] = await manager.query(`SELECT * FROM offers WHERE id = ?${forUpdate(manager)}`, [offerId]);
  if (rows.length === 0) return null;
  const merchants: { name: string }[] = await manager.query('SELECT name FROM merchants WHERE id = ?', [rows[0].merchant_id]);
  return toOffer({ ...rows[0], merchant_name: merchants[0]?.name ?? '' });
}

type PageQuery = { cursor?: string; limit: number };

/** Live offers within their validity window, newest first. */
export async function listLiveOffers(manager: EntityManager, now: number, query: PageQuery): Promise<Page<Offer>> {
  const before = decodeCursor(query.cursor, ['n']);
  const where = new Where().and("o.status = 'live' AND o.valid_from <= ? AND o.valid_until > ?", [now, now]).and('o.id < ?', [before?.[0]], before !== null);
  const rows: OfferRow[] = await manager.query(`${SELECT_OFFER} ${where} ORDER BY o.id DESC LIMIT ?`, [...where.params, query.limit + 1]);
  return keysetPage(rows, query.limit, toOffer, (row) => [int(row.id)]);
}

/** Offers in one status, oldest first (a review queue is served in the order offers arrived). */
export async function listOffersByStatus(manager: EntityManager, status: OfferStatus, query: PageQuery): Promise<Page<Offer>> {
  const after = decodeCursor(query.cursor, ['n']);
  const where = new Where().and('o.status = ?', [status]).and('o.id > ?', [after?.[0]], after !== null);
  const rows: OfferRow[] = await manager.query(`${SELECT_OFFER} ${where} ORDER BY o.id LIMIT ?`, [...where.params, query.limit + 1]);
  return keysetPage(rows, query.limit, toOffer, (row) => [int(row.id)]);
}

/** A merchant's offers, newest first. */
export async function listMerchantOffers(manager: EntityManager, merchantId: string, query: PageQuery): Promise<Page<Offer>> {
  const before = decodeCursor(query.cursor, ['n']);
  const where = new Where().and('o.merchant_id = ?', [merchantId]).and('o.id < ?', [before?.[0]], before !== null);
  const rows: OfferRow[] = await manager.query(`${SELECT_OFFER} ${where} ORDER BY o.id DESC LIMIT ?`, [...where.params, query.limit + 1]);
  return keysetPage(rows, query.limit, toOffer, (row) => [int(row.id)]);
}

export async function insertOffer(manager: EntityManager, merchantId: string, input: CreateOfferRequest, now: number): Promise<string> {
  const created = await execute(
    manager,
    `INSERT INTO offers (merchant_id, title, description, image_url, kind, price_coins, total_stock, stock_left, per_user_limit,
       valid_from, valid_until, voucher_ttl_seconds, status, reject_reason, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', NULL, ?, ?)`,
    [
      merchantId, input.title, input.description, input.imageUrl, input.kind, input.priceCoins, input.totalStock, input.totalStock,
      input.perUserLimit, Date.parse(input.validFrom), Date.parse(input.validUntil), input.voucherTtlSeconds, now, now,
    ],
  );
  return created.insertId!;
}

/** The columns an offer's edit may change; `undefined` leaves a column as it is. */
export interface OfferChanges {
  title?: string;
  description?: string;
  imageUrl?: string | null;
  kind?: string;
  priceCoins?: number;
  perUserLimit?: number;
  voucherTtlSeconds?: number;
  validFrom?: number;
  validUntil?: number;
  totalStock?: number;
  status?: OfferStatus;
  rejectReason?: string | null;
}

export async function updateOfferRow(manager: EntityManager, offerId: string, changes: OfferChanges, now: number): Promise<void> {
  const set = setClause({
    title: changes.title,
    description: changes.description,
    image_url: changes.imageUrl,
    kind: changes.kind,
    price_coins: changes.priceCoins,
    per_user_limit: changes.perUserLimit,
    voucher_ttl_seconds: changes.voucherTtlSeconds,
    valid_from: changes.validFrom,
    valid_until: changes.validUntil,
    total_stock: changes.totalStock,
    // A new total stock starts the offer's stock afresh: only drafts change it, and nothing is sold yet.
    stock_left: changes.totalStock,
    status: changes.status,
    reject_reason: changes.rejectReason,
    updated_at: now,
  });
  await manager.query(`UPDATE offers ${set.sql} WHERE id = ?`, [...set.params, offerId]);
}

/**
 * Takes one unit of stock if the offer is still live, in its window and not sold out: the
 * condition and the decrement are one statement, so concurrent buyers cannot oversell.
 */
export async function takeStock(manager: EntityManager, offerId: string, now: number): Promise<boolean> {
  const taken = await execute(
    manager,
    `UPDATE offers SET stock_left = stock_left - 1, updated_at = ?
      WHERE id = ? AND stock_left > 0 AND status = 'live' AND valid_from <= ? AND valid_until > ?`,
    [now, offerId, now, now],
  );
  return taken.affected === 1;
}

export async function returnStock(manager: EntityManager, offerId: string, now: number): Promise<void> {
  await manager.query('UPDATE offers SET stock_left = stock_left + 1, updated_at = ? WHERE id = ?', [now, offerId]);
}

/** How many of a merchant's offers are in each status. */
export async function offerCountsByStatus(manager: EntityManager, merchantId: string): Promise<Record<string, number>> {
  const rows: { status: string; n: Raw }[] = await manager.query('SELECT status, COUNT(*) AS n FROM offers WHERE merchant_id = ? GROUP BY status', [
    merchantId,
  ]);
  return Object.fromEntries(rows.map((row) => [row.status, int(row.n)]));
}
