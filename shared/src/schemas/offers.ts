import { z } from 'zod';
import { blockOfText, CalendarDate, Cursor, Id, Instant, lineOfText, pageLimit, PageQuery } from './common.js';
import { MediaUrl } from './media.js';

export const OFFER_KINDS = ['coupon', 'product', 'venue_session'] as const;
/** draft → pending → live → paused/ended, or pending → rejected (back to draft on edit). */
export const OFFER_STATUSES = ['draft', 'pending', 'live', 'paused', 'ended', 'rejected'] as const;
export const VOUCHER_STATUSES = ['issued', 'used', 'expired', 'refunded'] as const;

const Millis = Instant;

const OfferFields = {
  title: lineOfText(80),
  description: blockOfText(1000),
  /** The `url` of an image uploaded with POST /merchant/uploads; offers made before uploads may hold any URL. */
  imageUrl: MediaUrl.nullable(),
  kind: z.enum(OFFER_KINDS),
  priceCoins: z.number().int().min(1).max(1_000_000),
  totalStock: z.number().int().min(1).max(1_000_000),
  perUserLimit: z.number().int().min(1).max(100),
  validFrom: Millis,
  validUntil: Millis,
  voucherTtlSeconds: z.number().int().min(60).max(366 * 86_400),
};

function validWindow(offer: { validFrom?: string; validUntil?: string }): boolean {
  return offer.validFrom === undefined || offer.validUntil === undefined || Date.parse(offer.validFrom) < Date.parse(offer.validUntil);
}

export const CreateOfferRequest = z.strictObject(OfferFields).refine(validWindow, { message: 'validUntil must be after validFrom', path: ['validUntil'] });

/** Content edits (draft or rejected offers), or a status change of a live offer. */
export const UpdateOfferRequest = z
  .strictObject(OfferFields)
  .partial()
  .extend({ status: z.enum(['live', 'paused', 'ended']).optional() })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field')
  .refine(validWindow, { message: 'validUntil must be after validFrom', path: ['validUntil'] });

/** The contract names no body for a rejection: the reason the merchant is shown is asked for but not required. */
export const RejectOfferRequest = z.strictObject({ reason: lineOfText(255).optional() }).default({});

export const Offer = z
  .object({
    id: Id,
    merchantId: Id,
    merchantName: z.string(),
    title: z.string(),
    description: z.string(),
    imageUrl: z.string().nullable(),
    kind: z.enum(OFFER_KINDS),
    priceCoins: z.number().int(),
    totalStock: z.number().int(),
    stockLeft: z.number().int(),
    perUserLimit: z.number().int(),
    validFrom: Millis,
    validUntil: Millis,
    voucherTtlSeconds: z.number().int(),
    status: z.enum(OFFER_STATUSES),
    rejectReason: z.string().nullable(),
  })
  .meta({ id: 'Offer' });

export const OffersQuery = PageQuery;
export const OffersResponse = z.object({ items: z.array(Offer), nextCursor: z.string().nullable() });
export const OfferResponse = z.object({ offer: Offer });

export const Voucher = z
  .object({
    id: Id,
    code: z.string(),
    offerId: Id,
    offerTitle: z.string(),
    status: z.enum(VOUCHER_STATUSES),
    priceCoins: z.number().int(),
    issuedAt: Millis,
    expiresAt: Millis,
    usedAt: Millis.nullable(),
  })
  .meta({ id: 'Voucher' });

/**
 * Lists that answered everything (up to a silent cap) before they were paged: a client that does not
 * page yet still gets up to 100 items at once.
 */
const WholeListPage = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(100, 100) });
export const VouchersQuery = WholeListPage;
export const MerchantOffersQuery = WholeListPage;
export const MerchantVouchersQuery = WholeListPage.extend({ date: CalendarDate.optional() });

/**
 * A redemption names its offer in the path and its attempt in the Idempotency-Key header; the
 * body is optional and nothing in it changes what is bought. A client may send a flat object of a
 * few scalar fields (its own order reference, say), which is bound to the key with the offer: the
 * same key with another body answers IDEMPOTENCY_KEY_REUSED.
 */
export const RedeemRequest = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a field name is a letter then up to 63 letters, digits or _'),
    z.union([z.string().max(256), z.number(), z.boolean(), z.null()]),
  )
  .refine((body) => Object.keys(body).length <= 16, 'at most 16 fields')
  .optional();

export const RedeemResponse = z.object({ voucher: Voucher, balance: z.number().int() });
export const VouchersResponse = z.object({ items: z.array(Voucher), nextCursor: z.string().nullable() });
/** A voucher's code, as the merchant types or scans it at the counter to mark it used. */
export const MarkVoucherUsedRequest = z.strictObject({ code: z.string().trim().min(4).max(32) });
export const VoucherResponse = z.object({ voucher: Voucher });

export const StaffLoginRequest = z.strictObject({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });
export const StaffLoginResponse = z.object({
  token: z.string(),
  role: z.enum(['merchant', 'operator']),
  merchantId: Id.optional(),
});
export const CreateMerchantRequest = z.strictObject({
  name: lineOfText(64),
  username: z.string().trim().regex(/^[a-z0-9_.-]{3,64}$/, 'lower-case letters, digits, _ . - (3 to 64)'),
  password: z.string().min(10).max(256),
});
export const CreateMerchantResponse = z.object({ merchant: z.object({ id: Id, name: z.string() }), staff: z.object({ id: Id, username: z.string() }) });

export const MerchantStatsResponse = z.object({
  offers: z.record(z.enum(OFFER_STATUSES), z.number().int()),
  vouchers: z.record(z.enum(VOUCHER_STATUSES), z.number().int()),
  redeemedToday: z.number().int(),
  usedToday: z.number().int(),
  coinsEarned: z.number().int(),
  /** Today's visits entered at this merchant's venues, bookings made, and coins taken by both (walk-in fees and booking prices). */
  venuesToday: z.object({ visits: z.number().int(), bookings: z.number().int(), revenue: z.number().int() }),
});

export type Offer = z.infer<typeof Offer>;
export type RedeemRequest = z.infer<typeof RedeemRequest>;
export type Voucher = z.infer<typeof Voucher>;
export type RedeemResponse = z.infer<typeof RedeemResponse>;
export type CreateOfferRequest = z.infer<typeof CreateOfferRequest>;
export type UpdateOfferRequest = z.infer<typeof UpdateOfferRequest>;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];
