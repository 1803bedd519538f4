import { venuesApi } from './api';

/**
 * How long ago a booking of a slot the venue page still shows may have been made: the page shows
 * slots that have not started, and a slot is made about 7 days (a day at a time) before it starts.
 */
const BOOKABLE_AHEAD_MS = 9 * 24 * 3600_000;

/**
 * The slots the user holds a live (`booked`) booking for, from `GET /bookings`, newest first: pages
 * are read until they reach bookings made before any slot on the venue page could be booked.
 */
export async function heldSlotIds(now = Date.now()): Promise<Set<string>> {
  const held = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await venuesApi.bookings(cursor, 100);
    for (const booking of page.items) if (booking.status === 'booked') held.add(booking.slotId);
    const oldest = page.items.at(-1);
    cursor = oldest && Date.parse(oldest.createdAt) > now - BOOKABLE_AHEAD_MS ? page.nextCursor : null;
  } while (cursor);
  return held;
}
