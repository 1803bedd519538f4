import type { API_ROUTES, RouteBody } from '@calorie-bank/shared';
import { apiAs, orFail } from './client.js';
import type { TestServer } from './harness.js';

type FacilityBody = RouteBody<(typeof API_ROUTES)['createFacility']>;

export const POOL: FacilityBody = {
  name: '恒温泳池',
  activity: 'swimming',
  kind: 'walk_in',
  capacity: 10,
  longestStayMinutes: 120,
  pricePerPeriod: 10,
  cancelDeadlineMinutes: null,
};

export const HALL: FacilityBody = {
  name: '乒乓球馆',
  activity: 'table_tennis',
  kind: 'booking',
  capacity: 8,
  longestStayMinutes: 120,
  pricePerPeriod: null,
  cancelDeadlineMinutes: 90,
};

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** 11:00 and 18:00 every day, an hour each. */
export function dailySlots(capacity = 2, priceCoins = 30) {
  return EVERY_DAY.flatMap((weekday) => [
    { weekday, start: '11:00', durationMinutes: 60, capacity, priceCoins },
    { weekday, start: '18:00', durationMinutes: 60, capacity, priceCoins },
  ]);
}

/**
 * An operator opens a venue for the merchant, the merchant adds facilities (booking ones with the
 * daily slots) and submits it, and the operator approves it: answers the venue and facility ids.
 */
export async function liveVenue(server: TestServer, merchant: { id: string; token: string }, operatorToken: string, facilities: FacilityBody[], slotCapacity = 2) {
  const ops = apiAs(server, operatorToken);
  const shop = apiAs(server, merchant.token);
  const openingHours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '07:00', closes: '22:00' }));
  const { venue } = await orFail('venue creation', ops.createVenue({ body: { merchantId: merchant.id, name: '城西运动中心', address: '文一西路 1 号', openingHours } }));
  const ids: string[] = [];
  for (const body of facilities) {
    const { facility } = await orFail('facility creation', shop.createFacility({ params: { id: venue.id }, body }));
    if (facility.kind === 'booking') await orFail('slot pattern', shop.setSlotPattern({ params: { id: facility.id }, body: { pattern: dailySlots(slotCapacity) } }));
    ids.push(facility.id);
  }
  await orFail('venue submission', shop.submitVenue({ params: { id: venue.id } }));
  await orFail('venue approval', ops.approveVenue({ params: { id: venue.id } }));
  return { venueId: venue.id, facilityIds: ids };
}

/**
 * A live booking facility of `capacity` places whose slots run back to back (14:00 and 15:00 every
 * day, an hour each, every place of the facility for sale): answers its ids and the first pair of
 * slots, one ending as the next starts, after the clock.
 */
export async function backToBackRoom(server: TestServer, merchant: { id: string; token: string }, operatorToken: string, name: string, capacity: number) {
  const { venueId, facilityIds: [facilityId] } = await liveVenue(server, merchant, operatorToken, [{ ...HALL, name, capacity }], capacity);
  const pattern = EVERY_DAY.flatMap((weekday) =>
    ['14:00', '15:00'].map((start) => ({ weekday, start, durationMinutes: 60, capacity, priceCoins: 30 })),
  );
  const { facility } = await orFail('slot pattern', apiAs(server, merchant.token).setSlotPattern({ params: { id: facilityId }, body: { pattern } }));
  const index = facility.slots.findIndex((slot, i) => facility.slots[i + 1]?.startsAt === slot.endsAt);
  const [first, second] = facility.slots.slice(index, index + 2);
  return { venueId, facilityId, first, second };
}

/** A fresh entry code of the user. */
export async function entryCode(server: TestServer, token: string): Promise<string> {
  return (await orFail('entry pass', apiAs(server, token).createEntryPass({}))).code;
}

/** The sum of every user's holds account: what gates hold for open visits. */
export async function heldCoins(server: TestServer): Promise<number> {
  const [row] = await server.context.db.query("SELECT COALESCE(SUM(balance), 0) AS held FROM ledger_accounts WHERE kind = 'holds'");
  return Number(row.held);
}
