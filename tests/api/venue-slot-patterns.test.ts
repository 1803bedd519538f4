import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, callRoute, signIn, syncSteps } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { HALL, dailySlots, liveVenue } from '../support/venues.js';

/**
 * A booking facility's weekly slot pattern: what it may sell at once, and what becomes of the slots
 * already made when it changes (withdrawn, brought back, fitted beside the places they still hold).
 */
describe.each(await storageBackends())('slot patterns on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let shop: { id: string; token: string };

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '排期运动');
  });
  afterAll(async () => server?.stop());

  it.runIf(available)('refuses slots that sell more places than the facility holds', async () => {
    const { facilityIds: [room] } = await liveVenue(server, shop, operator, [{ ...HALL, name: '单人训练室', capacity: 1 }], 1);
    const twoPlaces = await callRoute(server, 'setSlotPattern', { token: shop.token, params: { id: room }, body: { pattern: dailySlots(2) } });
    expect([twoPlaces.status, twoPlaces.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(twoPlaces.body.error.details).toEqual([{ path: 'pattern.0.capacity', message: expect.any(String) }]);
    const { facilityIds: [court] } = await liveVenue(server, shop, operator, [{ ...HALL, name: '双人球场', capacity: 2 }], 2);
    const shrunk = await callRoute(server, 'updateFacility', { token: shop.token, params: { id: court }, body: { capacity: 1 } });
    expect(shrunk.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'capacity', message: expect.any(String) }] });
  });

  it.runIf(available)('refuses two slots with one start, and overlapping slots whose places add up past the capacity', async () => {
    const { facilityIds: [room] } = await liveVenue(server, shop, operator, [{ ...HALL, name: '重叠训练室', capacity: 5 }], 1);
    const slot = (start: string, durationMinutes: number, capacity: number) => ({ weekday: 5, start, durationMinutes, capacity, priceCoins: 10 });
    const refusal = async (pattern: ReturnType<typeof slot>[]) => (await callRoute(server, 'setSlotPattern', { token: shop.token, params: { id: room }, body: { pattern } })).body.error;
    expect(await refusal([slot('10:00', 60, 1), slot('10:00', 30, 2)])).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'pattern.1.start' }] });
    expect(await refusal([slot('10:00', 60, 1), slot('10:15', 60, 5), slot('10:30', 60, 5)])).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'pattern.2.capacity' }] });
    const fits = await callRoute(server, 'setSlotPattern', { token: shop.token, params: { id: room }, body: { pattern: [slot('10:00', 60, 2), slot('10:30', 60, 3), slot('11:00', 60, 2)] } });
    expect(fits.status).toBe(200);
  });

  it.runIf(available)('takes a slot the new pattern drops off sale, keeping the bookings it has', async () => {
    const { venueId: gym, facilityIds: [room] } = await liveVenue(server, shop, operator, [{ ...HALL, name: '换排期训练室', capacity: 4 }], 2);
    const player = await signIn(server, 'pattern-player');
    await syncSteps(server, player, 10_000);
    const me = apiAs(server, player.token);
    const slotsOf = async () => (await me.getVenue({ params: { id: gym } })).venue.facilities[0].slots;
    // 11:00 in Shanghai is 03:00 UTC.
    const before = await slotsOf();
    const [kept, cancelled] = before.filter((item) => item.startsAt.endsWith('T03:00:00.000Z'));
    const untouched = before.find((item) => item.startsAt.endsWith('T10:00:00.000Z'))!;
    const booked = await me.bookSlot({ params: { slotId: kept.id }, headers: { 'Idempotency-Key': 'pattern-keep-1' } });
    const dropped = await me.bookSlot({ params: { slotId: cancelled.id }, headers: { 'Idempotency-Key': 'pattern-drop-1' } });
    await me.cancelBooking({ params: { id: dropped.booking.id } });

    // Only 18:00 from now on: the 11:00 slots go, whether once booked or not.
    const evenings = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '18:00', durationMinutes: 60, capacity: 2, priceCoins: 30 }));
    await apiAs(server, shop.token).setSlotPattern({ params: { id: room }, body: { pattern: evenings } });
    const after = await slotsOf();
    expect(after.map((item) => item.id)).not.toContain(kept.id);
    expect(after.map((item) => item.id)).not.toContain(cancelled.id);
    expect(after.map((item) => item.startsAt)).toContain(untouched.startsAt);
    for (const id of [kept.id, cancelled.id]) {
      const refused = await callRoute(server, 'bookSlot', { token: player.token, params: { slotId: id }, headers: { 'Idempotency-Key': `pattern-late-${id}` } });
      expect([refused.status, refused.body.error.code]).toEqual([409, 'SLOT_NOT_BOOKABLE']);
    }
    expect((await me.listBookings({ query: { limit: 10 } })).items.find((item) => item.id === booked.booking.id)).toMatchObject({ status: 'booked' });

    // 11:00 back, with three places at 40 coins: the kept slot is on sale again at those, the place it sold still taken.
    await apiAs(server, shop.token).setSlotPattern({ params: { id: room }, body: { pattern: dailySlots(3, 40) } });
    expect((await slotsOf()).find((item) => item.id === kept.id)).toMatchObject({ capacity: 3, placesLeft: 2, priceCoins: 40 });
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.runIf(available)('sells fewer places in a new slot where a withdrawn one still holds bookings for the same time', async () => {
    const { venueId: gym, facilityIds: [room] } = await liveVenue(server, shop, operator, [{ ...HALL, name: '挪时段训练室', capacity: 4 }], 2);
    const slotsOf = async () => (await apiAs(server, shop.token).merchantVenue({ params: { id: gym } })).venue.facilities[0].slots;
    // 11:00 in Shanghai is 03:00 UTC; both of the first day's places are sold.
    const [held] = (await slotsOf()).filter((item) => item.startsAt.endsWith('T03:00:00.000Z'));
    for (const name of ['shift-player-1', 'shift-player-2']) {
      const player = await signIn(server, name);
      await syncSteps(server, player, 10_000);
      await apiAs(server, player.token).bookSlot({ params: { slotId: held.id }, headers: { 'Idempotency-Key': `${name}-book` } });
    }

    // 11:30 to 12:30 from now on, all four places: on the first day two of them are still held from 11:00 to 12:00.
    const halfPast = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '11:30', durationMinutes: 60, capacity: 4, priceCoins: 30 }));
    await apiAs(server, shop.token).setSlotPattern({ params: { id: room }, body: { pattern: halfPast } });
    const after = (await slotsOf()).filter((item) => item.startsAt.endsWith('T03:30:00.000Z'));
    expect(after.length).toBeGreaterThan(1);
    const sameDay = after.find((item) => item.startsAt.slice(0, 10) === held.startsAt.slice(0, 10))!;
    expect(sameDay).toMatchObject({ capacity: 2, placesLeft: 2 });
    expect(after.filter((item) => item !== sameDay).every((item) => item.capacity === 4)).toBe(true);
  });

  it.runIf(available)('brings a slot whose bookings were all cancelled back at the new pattern’s times, and fits two saves sent at once alike', async () => {
    const { venueId: gym, facilityIds: [room] } = await liveVenue(server, shop, operator, [{ ...HALL, name: '两小时训练室', capacity: 4 }], 2);
    const merchant = apiAs(server, shop.token);
    const daily = (start: string, durationMinutes: number) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, durationMinutes, capacity: 4, priceCoins: 30 }));
    const slotsOf = async () => (await merchant.merchantVenue({ params: { id: gym } })).venue.facilities[0].slots;
    await merchant.setSlotPattern({ params: { id: room }, body: { pattern: daily('11:00', 120) } });
    // One 11:00 to 13:00 slot is booked and the booking cancelled: the slot stays, withdrawn, with nothing sold.
    const [, once] = (await slotsOf()).filter((item) => item.startsAt.endsWith('T03:00:00.000Z'));
    const player = await signIn(server, 'cancelled-slot-player');
    await syncSteps(server, player, 10_000);
    const me = apiAs(server, player.token);
    const { booking } = await me.bookSlot({ params: { slotId: once.id }, headers: { 'Idempotency-Key': 'cancelled-slot-book' } });
    await me.cancelBooking({ params: { id: booking.id } });

    // Two one-hour slots, 11:00 and 12:00, four places each: the slot comes back ending at 12:00, not 13:00.
    const split = [...daily('11:00', 60), ...daily('12:00', 60)];
    await Promise.all([1, 2].map(() => merchant.setSlotPattern({ params: { id: room }, body: { pattern: split } })));
    const after = await slotsOf();
    expect(after.find((item) => item.id === once.id)).toMatchObject({ endsAt: once.startsAt.replace('T03:00', 'T04:00'), capacity: 4, placesLeft: 4 });
    expect(after.length).toBeGreaterThanOrEqual(12);
    expect(after.every((item) => item.capacity === 4)).toBe(true);
  });
});
