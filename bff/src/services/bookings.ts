import type { BookingResponse, RedeemRequest } from '@calorie-bank/shared';
import { findBooking, findSlot, giveSlotPlaceBack, insertBooking, listUserBookings, publicBooking, setBookingStatus, takeSlotPlace } from '../db/slots.js';
import { runInTransaction } from '../db/transaction.js';
import { findFacilityWithVenue } from '../db/venues.js';
import { AppError, notFound, userFrozen } from '../errors.js';
import { ensureAccount, walletBalance } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { lockPool, slotForCredit, takeFromPool } from '../ledger/pools.js';
import type { ServiceContext } from './context.js';
import { answerOnce, userScope } from './idempotency.js';
import { lockExistingUser } from './user-locks.js';

/** What a booking's Idempotency-Key is bound to: the slot and the parsed body, fields in a fixed order. */
function bookingContent(slotId: string, body: RedeemRequest): string {
  const names = Object.keys(body ?? {}).sort();
  const fields = body && names.length > 0 ? JSON.stringify(Object.fromEntries(names.map((name) => [name, body[name]]))) : 'null';
  return `slot:${slotId}:${fields}`;
}

/**
 * A user books a place in a slot and pays for it at once, into the merchant's account. Like a
 * redemption: the user row is locked, the key claimed, and one place taken by a conditional
 * update at READ COMMITTED, so a slot never sells more places than it has.
 */
export async function bookSlot(context: ServiceContext, userId: string, slotId: string, idempotencyKey: string, body: RedeemRequest): Promise<BookingResponse> {
  const now = context.now().getTime();
  const request = { scope: userScope(userId), key: idempotencyKey, content: bookingContent(slotId, body) };
  return runInTransaction(
    context.db,
    async (manager) => {
      const user = await lockExistingUser(manager, userId);
      const { answer } = await answerOnce(manager, request, now, async (requestId): Promise<BookingResponse> => {
        if (user.frozen) throw userFrozen();
        const slot = await findSlot(manager, slotId);
        if (!slot) throw notFound('This slot');
        const facility = await findFacilityWithVenue(manager, slot.facilityId);
        if (!facility || facility.venueStatus !== 'live') throw notFound('This slot');
        if (Date.parse(slot.startsAt) <= now) throw new AppError('SLOT_NOT_BOOKABLE', 'This slot has started; pick a later one');
        if (slot.withdrawn) throw new AppError('SLOT_NOT_BOOKABLE', 'The venue no longer offers this slot; pick another one');
        if (!(await takeSlotPlace(manager, slotId))) {
          // A new pattern may have taken the slot off sale since it was read.
          if ((await findSlot(manager, slotId))?.withdrawn ?? true) throw new AppError('SLOT_NOT_BOOKABLE', 'The venue no longer offers this slot; pick another one');
          throw new AppError('SLOT_FULL', 'This slot is fully booked');
        }
        const wallet = await ensureAccount(manager, 'user_wallet', userId, now);
        const merchant = await slotForCredit(manager, { kind: 'merchant', ownerId: facility.merchantId }, now);
        let balance: number | undefined;
        let transactionId: string | null = null;
        if (slot.priceCoins > 0) {
          const posted = await postTransaction(manager, {
            idempotencyKey: `booking:${requestId}`,
            kind: 'booking',
            memo: `${facility.venueName} · ${facility.name}`.slice(0, 200),
            postings: [
              { account: wallet, amount: -slot.priceCoins },
              { account: merchant, amount: slot.priceCoins },
            ],
            now,
          });
          transactionId = posted.transactionId;
          balance = posted.balances.get(wallet.id);
        }
        // The deadline is the one shown now and kept with the booking: a later change of the facility's setting binds later bookings only.
        const cancellableUntil = Date.parse(slot.startsAt) - (facility.cancelDeadlineMinutes ?? 0) * 60_000;
        const bookingId = await insertBooking(manager, { slotId, userId, priceCoins: slot.priceCoins, transactionId, cancellableUntil }, now);
        const booking = (await findBooking(manager, bookingId))!;
        return { booking: publicBooking(booking), balance: balance ?? (await walletBalance(manager, userId)) };
      });
      return answer;
    },
    { isolation: 'READ COMMITTED' },
  );
}

/**
 * Cancels a booking until the deadline it was booked with (see `bookSlot`), or at any time while it
 * is unused once the gate turned its holder away because the facility was full: a reversing ledger
 * transaction pays the price back in full and the place returns to the slot.
 */
export async function cancelBooking(context: ServiceContext, userId: string, bookingId: string): Promise<BookingResponse> {
  const now = context.now().getTime();
  return runInTransaction(
    context.db,
    async (manager) => {
      await lockExistingUser(manager, userId);
      const booking = await findBooking(manager, bookingId, { lock: true });
      if (!booking || booking.userId !== userId) throw notFound('This booking');
      if (booking.status !== 'booked') throw new AppError('BOOKING_NOT_CANCELLABLE', `A ${booking.status} booking cannot be cancelled`);
      if (now > Date.parse(booking.cancellableUntil) && !booking.turnedAwayAt) throw new AppError('BOOKING_NOT_CANCELLABLE', 'The cancellation deadline has passed');
      // The slot row before the accounts, in the order a booking takes them, so the two never deadlock.
      await giveSlotPlaceBack(manager, booking.slotId);
      await setBookingStatus(manager, bookingId, 'cancelled', now);
      const facility = (await findFacilityWithVenue(manager, booking.facilityId))!;
      const wallet = await ensureAccount(manager, 'user_wallet', userId, now);
      if (booking.priceCoins > 0) {
        const merchant = await lockPool(manager, { kind: 'merchant', ownerId: facility.merchantId });
        await postTransaction(manager, {
          idempotencyKey: `booking-refund:${bookingId}`,
          kind: 'booking_refund',
          memo: `${facility.venueName} · ${facility.name}`.slice(0, 200),
          postings: [
            ...takeFromPool(merchant, booking.priceCoins),
            { account: wallet, amount: booking.priceCoins },
          ],
          now,
        });
      }
      return { booking: publicBooking((await findBooking(manager, bookingId))!), balance: await walletBalance(manager, userId) };
    },
    { isolation: 'READ COMMITTED' },
  );
}

export function listBookings(context: ServiceContext, userId: string, query: { cursor?: string; limit: number }) {
  return listUserBookings(context.db.manager, userId, query);
}
