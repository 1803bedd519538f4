import type { EntityManager } from 'typeorm';
import type { CreateOfferRequest, Offer, OfferStatus, UpdateOfferRequest } from '@calorie-bank/shared';
import { execute, forUpdate, runInTransaction } from '../db/transaction.js';
import { AppError, notFound, validationFailed } from '../errors.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { keysetPage } from './pages.js';

interface OfferRow {
  id: number | string;
  merchant_id: number | string;
  merchant_name: string;
  title: string;
  description: string;
  image_url: string | null;
  kind: Offer['kind'];
  price_coins: number;
  total_stock: number;
  stock_left: number;
  per_user_limit: number;
  valid_from: number | string;
  valid_until: number | string;
  voucher_ttl_seconds: number;
  status: OfferStatus;
  reject_reason: string | null;
}

const SELECT_OFFER = 'SELECT o.*, m.name AS merchant_name FROM offers o JOIN merchants m ON m.id = o.merchant_id';

export function presentOffer(row: OfferRow): Offer {
  return {
    id: String(row.id),
    merchantId: String(row.merchant_id),
    merchantName: row.merchant_name,
    title: row.title,
    description: row.description,
    imageUrl: row.image_url,
    kind: row.kind,
    priceCoins: Number(row.price_coins),
    totalStock: Number(row.total_stock),
    stockLeft: Number(row.stock_left),
    perUserLimit: Number(row.per_user_limit),
    validFrom: new Date(Number(row.valid_from)).toISOString(),
    validUntil: new Date(Number(row.valid_until)).toISOString(),
    voucherTtlSeconds: Number(row.voucher_ttl_seconds),
    status: row.status,
    rejectReason: row.reject_reason,
  };
}

/**
 * One offer with its merchant's name. With `lock`, the offer row is read with FOR UPDATE, which
 * also makes the values the current ones rather than the transaction's snapshot (the merchant row
 * is read apart, so that it is not locked too).
 */
export async function findOffer(manager: EntityManager, offerId: string, lock = false): Promise<OfferRow | null> {
  if (!lock) {
    const rows: OfferRow[] = await manager.query(`${SELECT_OFFER} WHERE o.id = ?`, [offerId]);
    return rows[0] ?? null;
  }
  const rows: Omit<OfferRow, 'merchant_name'>[] = await manager.query(`SELECT * FROM offers WHERE id = ?${forUpdate(manager)}`, [offerId]);
  if (rows.length === 0) return null;
  const merchants: { name: string }[] = await manager.query('SELECT name FROM merchants WHERE id = ?', [rows[0].merchant_id]);
  return { ...rows[0], merchant_name: merchants[0]?.name ?? '' };
}

/** Live offers within their validity window, newest first, a page at a time. */
export async function listLiveOffers(context: ServiceContext, query: { cursor?: string; limit: number }) {
  const now = context.now().getTime();
  const before = query.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(query.cursor);
  const rows: OfferRow[] = await context.db.query(
    `${SELECT_OFFER} WHERE o.status = 'live' AND o.valid_from <= ? AND o.valid_until > ? AND o.id < ? ORDER BY o.id DESC LIMIT ?`,
    [now, now, before, query.limit + 1],
  );
  return keysetPage(rows, query.limit, presentOffer, (row) => row.id);
}

/** One offer as a user sees it: only live offers exist for users. */
export async function getLiveOffer(context: ServiceContext, offerId: string) {
  const row = await findOffer(context.db.manager, offerId);
  if (!row || row.status !== 'live') throw notFound('This offer');
  return { offer: presentOffer(row) };
}

/** Offers in one status, oldest first (a review queue is served in the order offers arrived). */
export async function listOffersByStatus(context: ServiceContext, query: { status: OfferStatus; cursor?: string; limit: number }) {
  const rows: OfferRow[] = await context.db.query(
    `${SELECT_OFFER} WHERE o.status = ?${query.cursor ? ' AND o.id > ?' : ''} ORDER BY o.id LIMIT ?`,
    [query.status, ...(query.cursor ? [query.cursor] : []), query.limit + 1],
  );
  return keysetPage(rows, query.limit, presentOffer, (row) => row.id);
}

export async function listMerchantOffers(context: ServiceContext, merchantId: string) {
  const rows: OfferRow[] = await context.db.query(`${SELECT_OFFER} WHERE o.merchant_id = ? ORDER BY o.id DESC LIMIT 500`, [merchantId]);
  return { items: rows.map(presentOffer), nextCursor: null };
}

export async function createOffer(context: ServiceContext, merchantId: string, input: CreateOfferRequest) {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
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
    return { offer: presentOffer((await findOffer(manager, created.insertId!))!) };
  });
}

const CONTENT_COLUMNS: Record<string, string> = {
  title: 'title',
  description: 'description',
  imageUrl: 'image_url',
  kind: 'kind',
  priceCoins: 'price_coins',
  perUserLimit: 'per_user_limit',
  voucherTtlSeconds: 'voucher_ttl_seconds',
};

/** Which status changes a merchant may make on their own. */
const MERCHANT_MOVES: Record<string, OfferStatus[]> = { live: ['paused', 'ended'], paused: ['live', 'ended'] };

/**
 * A merchant edits the content of a draft or rejected offer (which makes it a draft again, to be
 * reviewed anew), or pauses, resumes or ends a live one. Anything else is OFFER_NOT_EDITABLE.
 */
export async function updateOffer(context: ServiceContext, merchantId: string, offerId: string, changes: UpdateOfferRequest) {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const offer = await findOffer(manager, offerId, true);
    if (!offer || String(offer.merchant_id) !== merchantId) throw notFound('This offer');
    const { status, validFrom, validUntil, totalStock, ...content } = changes;
    const editsContent = Object.keys(content).length > 0 || validFrom !== undefined || validUntil !== undefined || totalStock !== undefined;
    const sets: string[] = [];
    const values: unknown[] = [];
    if (editsContent) {
      if (offer.status !== 'draft' && offer.status !== 'rejected') {
        throw new AppError('OFFER_NOT_EDITABLE', `A ${offer.status} offer cannot be edited; pause or end it instead`);
      }
      for (const [key, value] of Object.entries(content)) {
        sets.push(`${CONTENT_COLUMNS[key]} = ?`);
        values.push(value);
      }
      const from = validFrom === undefined ? Number(offer.valid_from) : Date.parse(validFrom);
      const until = validUntil === undefined ? Number(offer.valid_until) : Date.parse(validUntil);
      if (from >= until) throw validationFailed('validUntil must be after validFrom', validUntil === undefined ? 'validFrom' : 'validUntil');
      sets.push('valid_from = ?', 'valid_until = ?', "status = 'draft'", 'reject_reason = NULL');
      values.push(from, until);
      if (totalStock !== undefined) {
        sets.push('total_stock = ?', 'stock_left = ?');
        values.push(totalStock, totalStock);
      }
    }
    if (status !== undefined) {
      if (editsContent || !MERCHANT_MOVES[offer.status]?.includes(status)) {
        throw new AppError('OFFER_NOT_EDITABLE', `A ${offer.status} offer cannot become ${status}`);
      }
      sets.push('status = ?');
      values.push(status);
    }
    await manager.query(`UPDATE offers SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`, [...values, now, offerId]);
    return { offer: presentOffer((await findOffer(manager, offerId))!) };
  });
}

/** Moves an offer from one status to the next, checking who may and from where. */
export async function moveOffer(
  context: ServiceContext,
  offerId: string,
  move: { from: OfferStatus; to: OfferStatus; merchantId?: string; reason?: string; operator?: Operator },
) {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const offer = await findOffer(manager, offerId, true);
    if (!offer || (move.merchantId !== undefined && String(offer.merchant_id) !== move.merchantId)) throw notFound('This offer');
    if (offer.status !== move.from) throw new AppError('OFFER_NOT_EDITABLE', `Only a ${move.from} offer can become ${move.to}; this one is ${offer.status}`);
    await manager.query('UPDATE offers SET status = ?, reject_reason = ?, updated_at = ? WHERE id = ?', [move.to, move.reason ?? null, now, offerId]);
    const moved = presentOffer((await findOffer(manager, offerId))!);
    if (move.operator) {
      await recordAudit(
        manager,
        move.operator,
        { action: move.to === 'live' ? 'offer.approve' : 'offer.reject', targetType: 'offer', targetId: offerId, reason: move.reason, before: { status: offer.status }, after: { status: moved.status } },
        now,
      );
    }
    return { offer: moved };
  });
}
