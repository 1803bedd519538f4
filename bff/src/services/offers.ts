import type { CreateOfferRequest, OfferStatus, UpdateOfferRequest } from '@calorie-bank/shared';
import * as offers from '../db/offers.js';
import type { OfferChanges } from '../db/offers.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound, validationFailed } from '../errors.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { checkOfferImage } from './uploads.js';

type PageQuery = { cursor?: string; limit: number };

/** Live offers within their validity window, newest first, a page at a time. */
export function listLiveOffers(context: ServiceContext, query: PageQuery) {
  return offers.listLiveOffers(context.db.manager, context.now().getTime(), query);
}

/** One offer as a user sees it: only live offers exist for users. */
export async function getLiveOffer(context: ServiceContext, offerId: string) {
  const offer = await offers.findOffer(context.db.manager, offerId);
  if (!offer || offer.status !== 'live') throw notFound('This offer');
  return { offer };
}

/** Offers in one status, oldest first (a review queue is served in the order offers arrived). */
export function listOffersByStatus(context: ServiceContext, query: PageQuery & { status: OfferStatus }) {
  return offers.listOffersByStatus(context.db.manager, query.status, query);
}

/** A merchant's own offers, newest first. */
export function listMerchantOffers(context: ServiceContext, merchantId: string, query: PageQuery) {
  return offers.listMerchantOffers(context.db.manager, merchantId, query);
}

/** A merchant drafts an offer; it goes live only once an operator approves it. */
export async function createOffer(context: ServiceContext, merchantId: string, input: CreateOfferRequest) {
  await checkOfferImage(context, input.imageUrl);
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const offerId = await offers.insertOffer(manager, merchantId, input, now);
    return { offer: (await offers.findOffer(manager, offerId))! };
  });
}

/** Which status changes a merchant may make on their own. */
const MERCHANT_MOVES: Record<string, OfferStatus[]> = { live: ['paused', 'ended'], paused: ['live', 'ended'] };

/**
 * A merchant edits the content of a draft or rejected offer (which makes it a draft again, to be
 * reviewed anew), or pauses, resumes or ends a live one. Anything else is OFFER_NOT_EDITABLE.
 */
export async function updateOffer(context: ServiceContext, merchantId: string, offerId: string, changes: UpdateOfferRequest) {
  await checkOfferImage(context, changes.imageUrl);
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const offer = await offers.findOffer(manager, offerId, { lock: true });
    if (!offer || offer.merchantId !== merchantId) throw notFound('This offer');
    const { status, validFrom, validUntil, totalStock, ...content } = changes;
    const editsContent = Object.keys(content).length > 0 || validFrom !== undefined || validUntil !== undefined || totalStock !== undefined;
    let update: OfferChanges = {};
    if (editsContent) {
      if (offer.status !== 'draft' && offer.status !== 'rejected') {
        throw new AppError('OFFER_NOT_EDITABLE', `A ${offer.status} offer cannot be edited; pause or end it instead`);
      }
      const from = Date.parse(validFrom ?? offer.validFrom);
      const until = Date.parse(validUntil ?? offer.validUntil);
      if (from >= until) throw validationFailed('validUntil must be after validFrom', validUntil === undefined ? 'validFrom' : 'validUntil');
      update = { ...content, validFrom: from, validUntil: until, totalStock, status: 'draft', rejectReason: null };
    }
    if (status !== undefined) {
      if (editsContent || !MERCHANT_MOVES[offer.status]?.includes(status)) {
        throw new AppError('OFFER_NOT_EDITABLE', `A ${offer.status} offer cannot become ${status}`);
      }
      update = { status };
    }
    await offers.updateOfferRow(manager, offerId, update, now);
    return { offer: (await offers.findOffer(manager, offerId))! };
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
    const offer = await offers.findOffer(manager, offerId, { lock: true });
    if (!offer || (move.merchantId !== undefined && offer.merchantId !== move.merchantId)) throw notFound('This offer');
    if (offer.status !== move.from) throw new AppError('OFFER_NOT_EDITABLE', `Only a ${move.from} offer can become ${move.to}; this one is ${offer.status}`);
    await offers.updateOfferRow(manager, offerId, { status: move.to, rejectReason: move.reason ?? null }, now);
    const moved = (await offers.findOffer(manager, offerId))!;
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
