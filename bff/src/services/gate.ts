import type { EntityManager } from 'typeorm';
import { isOpenAt, walkInHold, type GateEnterResponse, type GateExitResponse } from '@calorie-bank/shared';
import { bookingForEntry, markTurnedAway, setBookingStatus } from '../db/slots.js';
import { runInTransaction } from '../db/transaction.js';
import { findUser } from '../db/users.js';
import { findFacilityWithVenue, takePlaceInside } from '../db/venues.js';
import { findVisit, insertVisit, openVisitOf, useEntryPass } from '../db/visits.js';
import { AppError, notFound, userFrozen } from '../errors.js';
import { ensureAccount, walletBalance } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import type { ServiceContext } from './context.js';
import { lockExistingUser } from './user-locks.js';
import { closeVisit } from './visits.js';
import { awardForVisit } from './collectible-awards.js';

/** A booking lets its user in from this long before its slot starts until the slot ends. */
export const BOOKING_EARLY_ENTRY_MS = 15 * 60_000;

const codeInvalid = () => new AppError('ENTRY_CODE_INVALID', 'This entry code is unknown, used or expired; ask for a fresh one');

/** A facility whose gate this merchant's staff may run; any other is NOT_FOUND to them. */
async function gateFacility(manager: EntityManager, merchantId: string, facilityId: string) {
  const facility = await findFacilityWithVenue(manager, facilityId);
  if (!facility || facility.merchantId !== merchantId) throw notFound('This facility');
  return facility;
}

/**
 * The gate lets a user in on their entry code. One READ COMMITTED transaction, rows locked in a
 * fixed order (pass, user, facility, ledger accounts): the pass is used by a conditional update,
 * so a code scanned twice opens one visit; the user row lock, which every entry, exit and the job
 * take first, allows one open visit per user anywhere; a conditional update keeps `inside` within
 * `capacity` for every entry, booked or not. A walk-in holds the fee of the longest stay from the
 * wallet into the user's holds account; a booking facility needs the user's booking for a slot
 * starting within 15 minutes or running. Any refusal rolls everything back, the pass included, so
 * the user can try again; a booked user refused as VENUE_FULL keeps the booking for the rest of
 * its window, and once its slot has begun a short transaction of its own then marks it, which makes it
 * refundable in full (before the slot, the room may rightly still hold the slot before it).
 */
export async function enterGate(context: ServiceContext, merchantId: string, input: { facilityId: string; code: string }): Promise<GateEnterResponse> {
  const now = context.now().getTime();
  const refused = { bookingId: null as string | null };
  try {
    return await admit(context, merchantId, input, now, refused);
  } catch (error) {
    const bookingId = refused.bookingId;
    if (bookingId !== null) await runInTransaction(context.db, (manager) => markTurnedAway(manager, bookingId, now));
    throw error;
  }
}

/** The entry transaction of `enterGate`; names in `refused` the booking whose holder it turns away as VENUE_FULL. */
async function admit(
  context: ServiceContext,
  merchantId: string,
  input: { facilityId: string; code: string },
  now: number,
  refused: { bookingId: string | null },
): Promise<GateEnterResponse> {
  return runInTransaction(
    context.db,
    async (manager) => {
      refused.bookingId = null;
      const facility = await gateFacility(manager, merchantId, input.facilityId);
      if (facility.venueStatus !== 'live') throw notFound('This facility');
      // Walk-ins only within the venue's hours; a booking's slot is the time the venue sold, so a booked player is let in for it.
      if (facility.kind === 'walk_in' && !isOpenAt(facility.openingHours, new Date(now), context.config.businessTimeZone)) {
        throw new AppError('VENUE_CLOSED', `${facility.venueName} is closed now; walk-ins are let in during its opening hours`);
      }
      const userId = await useEntryPass(manager, input.code, now);
      if (userId === null) throw codeInvalid();
      const user = await lockExistingUser(manager, userId);
      if (user.frozen) throw userFrozen();
      if (await openVisitOf(manager, userId)) throw new AppError('VISIT_ALREADY_OPEN', 'This user is inside a venue already; let them out there first');
      const booking = facility.kind === 'booking' ? await bookingForEntry(manager, userId, facility.id, now, BOOKING_EARLY_ENTRY_MS) : null;
      if (facility.kind === 'booking' && booking === null) throw new AppError('BOOKING_REQUIRED', 'This user has no booking here starting within 15 minutes');
      const bookingId = booking?.id ?? null;
      if (!(await takePlaceInside(manager, facility.id))) {
        // Early for a slot, the room may still hold the slot before: only a refusal once the slot has begun is the venue's to make good.
        if (booking && now >= booking.startsAt) refused.bookingId = booking.id;
        throw new AppError('VENUE_FULL', `${facility.name} is full`);
      }
      const holdCoins = facility.kind === 'walk_in' && facility.pricePerPeriod !== null ? walkInHold(facility.pricePerPeriod, facility.longestStayMinutes) : 0;
      const visitId = await insertVisit(manager, {
        userId,
        facilityId: facility.id,
        bookingId,
        enteredAt: now,
        longestStayMinutes: facility.longestStayMinutes,
        pricePerPeriod: facility.kind === 'walk_in' ? facility.pricePerPeriod : null,
        holdCoins,
      });
      if (holdCoins > 0) {
        const wallet = await ensureAccount(manager, 'user_wallet', userId, now);
        const holds = await ensureAccount(manager, 'holds', userId, now);
        await postTransaction(manager, {
          idempotencyKey: `visit-hold:${visitId}`,
          kind: 'visit_hold',
          memo: facility.name.slice(0, 200),
          postings: [
            { account: wallet, amount: -holdCoins },
            { account: holds, amount: holdCoins },
          ],
          now,
        });
      }
      if (bookingId !== null) await setBookingStatus(manager, bookingId, 'used', now);
      const nickname = (await findUser(manager, userId))?.nickname ?? '';
      return {
        visit: { id: visitId, facilityId: facility.id, userId, nickname, enteredAt: new Date(now).toISOString(), holdCoins, bookingId },
        balance: await walletBalance(manager, userId),
      };
    },
    { isolation: 'READ COMMITTED' },
  );
}

/**
 * The gate lets a user out, named by a fresh entry code at a facility or by the visit's id, and
 * answers the receipt. The user row lock makes two exits of one visit run one after another: the
 * second finds it closed and answers the same receipt, charging nothing again.
 */
export async function exitGate(
  context: ServiceContext,
  merchantId: string,
  input: { facilityId: string; code: string } | { visitId: string },
): Promise<GateExitResponse> {
  const now = context.now().getTime();
  const receipt = await runInTransaction(
    context.db,
    async (manager) => {
      let visit;
      let user;
      if ('visitId' in input) {
        const seen = await findVisit(manager, input.visitId);
        if (!seen) throw notFound('This visit');
        await gateFacility(manager, merchantId, seen.facilityId);
        user = await lockExistingUser(manager, seen.userId);
        visit = (await findVisit(manager, input.visitId, { lock: true }))!;
      } else {
        await gateFacility(manager, merchantId, input.facilityId);
        const userId = await useEntryPass(manager, input.code, now);
        if (userId === null) throw codeInvalid();
        user = await lockExistingUser(manager, userId);
        const open = await openVisitOf(manager, userId);
        if (!open || open.facilityId !== input.facilityId) throw notFound('An open visit of this user here');
        visit = (await findVisit(manager, open.id, { lock: true }))!;
      }
      const facility = await gateFacility(manager, merchantId, visit.facilityId);
      if (visit.status !== 'open') {
        const { id, minutes, fee, calories, coinsEarned, campaignCoins } = visit;
        return {
          visit: { id, minutes: minutes ?? 0, fee: fee ?? 0, calories: calories ?? 0, coinsEarned: coinsEarned ?? 0, campaignCoins },
          balance: await walletBalance(manager, visit.userId),
        };
      }
      const receipt = await closeVisit(manager, context, { visit, facility, merchantId, user, closedByGate: true });
      return { visit: receipt, balance: await walletBalance(manager, visit.userId) };
    },
    { isolation: 'READ COMMITTED' },
  );
  await awardForVisit(context, receipt.visit.id);
  return receipt;
}
