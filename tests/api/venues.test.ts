import { closeOverdueVisits } from '@calorie-bank/bff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, callRoute, orFail, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { HALL, POOL, entryCode, heldCoins, liveVenue } from '../support/venues.js';

const MINUTE = 60_000;

describe.each(await storageBackends())('venues on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let shop: { id: string; token: string };
  let swimmer: TestUser;
  let venueId: string;
  let pool: string;
  let hall: string;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '城西运动');
    swimmer = await signIn(server, 'swimmer');
    await syncSteps(server, swimmer, 10_000); // 300 coins
  });
  afterAll(async () => server?.stop());

  it.runIf(available)('takes a venue from draft through review to live, with slots for the next 7 days', async () => {
    const ops = apiAs(server, operator);
    const merchant = apiAs(server, shop.token);
    const openingHours = [{ weekday: 1, opens: '07:00', closes: '22:00' }];
    const { venue } = await ops.createVenue({ body: { merchantId: shop.id, name: '草稿馆', address: '某路 2 号', openingHours } });
    expect(venue.status).toBe('draft');
    expect((await callRoute(server, 'getVenue', { token: swimmer.token, params: { id: venue.id } })).body.error.code).toBe('NOT_FOUND');
    await merchant.submitVenue({ params: { id: venue.id } });
    expect((await ops.opsVenues({ query: { status: 'pending' } })).items.map((item) => item.id)).toContain(venue.id);
    const rejected = await ops.rejectVenue({ params: { id: venue.id }, body: { reason: '地址不全' } });
    expect(rejected.venue).toMatchObject({ status: 'rejected', rejectReason: '地址不全' });
    expect((await merchant.updateVenue({ params: { id: venue.id }, body: { address: '某路 2 号 3 楼' } })).venue.status).toBe('draft');

    ({ venueId, facilityIds: [pool, hall] } = await liveVenue(server, shop, operator, [POOL, HALL]));
    const { items } = await apiAs(server, swimmer.token).listVenues({});
    expect(items.map((item) => item.id)).toEqual([venueId]);
    expect(items[0].facilities.map((facility) => [facility.activity, facility.capacity, facility.inside])).toEqual([
      ['swimming', 10, 0],
      ['table_tennis', 8, 0],
    ]);
    const detail = (await apiAs(server, swimmer.token).getVenue({ params: { id: venueId } })).venue;
    expect(detail.facilities[0]).toMatchObject({ kind: 'walk_in', pricePerPeriod: 10, holdCoins: 40, slots: [] });
    // 11:00 and 18:00 on each of 7 days, none started at 10:00 today.
    expect(detail.facilities[1].slots).toHaveLength(14);
    expect(detail.facilities[1].slots[0]).toMatchObject({ startsAt: '2026-06-15T03:00:00.000Z', placesLeft: 2, priceCoins: 30 });
    expect((await callRoute(server, 'setSlotPattern', { token: shop.token, params: { id: pool }, body: { pattern: [] } })).body.error.code).toBe('FACILITY_NOT_BOOKABLE');
  });

  it.runIf(available)('books, answers a retried key once, and cancels with a full refund only before the deadline', async () => {
    const me = apiAs(server, swimmer.token);
    const [eleven, six] = (await me.getVenue({ params: { id: venueId } })).venue.facilities[1].slots;
    const first = await callRoute(server, 'bookSlot', { token: swimmer.token, params: { slotId: eleven.id }, headers: { 'Idempotency-Key': 'book-eleven-1' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ booking: { slotId: eleven.id, status: 'booked', startsAt: eleven.startsAt, endsAt: eleven.endsAt }, balance: 270 });
    const again = await callRoute(server, 'bookSlot', { token: swimmer.token, params: { slotId: eleven.id }, headers: { 'Idempotency-Key': 'book-eleven-1' } });
    expect(again.body).toEqual(first.body);
    const evening = await callRoute(server, 'bookSlot', { token: swimmer.token, params: { slotId: six.id }, headers: { 'Idempotency-Key': 'book-six-1' } });
    expect(evening.body.balance).toBe(240);
    const cancelled = await me.cancelBooking({ params: { id: evening.body.booking.id } });
    expect(cancelled).toMatchObject({ booking: { status: 'cancelled' }, balance: 270 });
    // The 11:00 slot could be cancelled until 09:30; it is 10:00.
    const late = await callRoute(server, 'cancelBooking', { token: swimmer.token, params: { id: first.body.booking.id } });
    expect([late.status, late.body.error.code]).toEqual([409, 'BOOKING_NOT_CANCELLABLE']);
    expect((await me.listBookings({})).items.map((booking) => booking.status)).toEqual(['cancelled', 'booked']);
  });

  it.runIf(available)('lets a swimmer in on a pass, holds the longest stay, and charges 45 minutes on the way out', async () => {
    const gate = apiAs(server, shop.token);
    const pass = await apiAs(server, swimmer.token).createEntryPass({});
    expect(Date.parse(pass.expiresAt) - server.clock.at.getTime()).toBeLessThanOrEqual(120_000);
    const entered = await gate.gateEnter({ body: { facilityId: pool, code: pass.code } });
    expect(entered).toMatchObject({ visit: { facilityId: pool, userId: swimmer.id, holdCoins: 40, bookingId: null }, balance: 230 });
    expect(await heldCoins(server)).toBe(40);

    const reused = await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code: pass.code } });
    expect([reused.status, reused.body.error.code]).toEqual([422, 'ENTRY_CODE_INVALID']);
    const twice = await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: hall, code: await entryCode(server, swimmer.token) } });
    expect(twice.body.error.code).toBe('VISIT_ALREADY_OPEN');
    const stranger = await createMerchant(server, operator, '隔壁健身');
    const foreign = await callRoute(server, 'gateEnter', { token: stranger.token, body: { facilityId: pool, code: await entryCode(server, swimmer.token) } });
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    expect((await callRoute(server, 'gateExit', { token: stranger.token, body: { visitId: entered.visit.id } })).body.error.code).toBe('NOT_FOUND');
    expect((await callRoute(server, 'venueLive', { token: stranger.token, params: { id: venueId } })).body.error.code).toBe('NOT_FOUND');
    const live = await gate.venueLive({ params: { id: venueId } });
    expect(live.facilities[0]).toMatchObject({ id: pool, inside: 1, capacity: 10 });
    expect(live.people).toEqual([{ visitId: entered.visit.id, facilityId: pool, nickname: expect.any(String), since: entered.visit.enteredAt }]);

    server.clock.advance(45 * MINUTE);
    const receipt = await gate.gateExit({ body: { facilityId: pool, code: await entryCode(server, swimmer.token) } });
    // The golden case: 45 minutes of swimming at 60 kg, two half hours started at 10 coins.
    expect(receipt).toEqual({ visit: { id: entered.visit.id, minutes: 45, fee: 20, calories: 270, coinsEarned: 270, campaignCoins: 0 }, balance: 230 + 20 + 270 });
    expect(await heldCoins(server)).toBe(0);
    const stale = await callRoute(server, 'gateExit', { token: shop.token, body: { visitId: entered.visit.id } });
    expect(stale.body).toEqual(receipt);
  });

  it.runIf(available)('refuses an expired pass and a booking facility without a booking that starts soon', async () => {
    const code = await entryCode(server, swimmer.token);
    server.clock.advance(121_000);
    expect((await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code } })).body.error.code).toBe('ENTRY_CODE_INVALID');
    const walker = await signIn(server, 'no-booking');
    const refused = await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: hall, code: await entryCode(server, walker.token) } });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'BOOKING_REQUIRED']);
  });

  it.runIf(available)('lets a booked player in from 15 minutes before the slot; under 10 minutes earns nothing', async () => {
    const entered = await apiAs(server, shop.token).gateEnter({ body: { facilityId: hall, code: await entryCode(server, swimmer.token) } });
    expect(entered.visit).toMatchObject({ holdCoins: 0, bookingId: expect.any(String) });
    expect((await apiAs(server, swimmer.token).listBookings({})).items[1].status).toBe('used');
    server.clock.advance(9 * MINUTE);
    const receipt = await apiAs(server, shop.token).gateExit({ body: { visitId: entered.visit.id } });
    expect(receipt.visit).toMatchObject({ minutes: 9, fee: 0, calories: 0, coinsEarned: 0 });
  });

  it.runIf(available)('closes a visit left open past the longest stay: the hold is charged, no workout coins', async () => {
    const entered = await apiAs(server, shop.token).gateEnter({ body: { facilityId: pool, code: await entryCode(server, swimmer.token) } });
    server.clock.advance(119 * MINUTE);
    expect(await closeOverdueVisits(server.context)).toBe(0);
    server.clock.advance(5 * MINUTE);
    expect(await closeOverdueVisits(server.context)).toBe(1);
    const [visit] = (await apiAs(server, swimmer.token).listVisits({ query: { limit: 1 } })).items;
    expect(visit).toMatchObject({ id: entered.visit.id, status: 'expired', fee: 40, calories: 0, coinsEarned: 0, minutes: 124 });
    expect(await heldCoins(server)).toBe(0);
    const all = await apiAs(server, swimmer.token).listVisits({ query: { limit: 2 } });
    expect(all.nextCursor).not.toBeNull();
    const rest = await apiAs(server, swimmer.token).listVisits({ query: { limit: 2, cursor: all.nextCursor! } });
    expect([...all.items, ...rest.items].map((item) => item.status)).toEqual(['expired', 'closed', 'closed']);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.runIf(available)('holds nothing a wallet cannot pay: INSUFFICIENT_COINS and no visit', async () => {
    const broke = await signIn(server, 'broke');
    const answer = await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code: await entryCode(server, broke.token) } });
    expect([answer.status, answer.body.error.code]).toEqual([409, 'INSUFFICIENT_COINS']);
    expect((await orFail('live', apiAs(server, shop.token).venueLive({ params: { id: venueId } }))).facilities[0].inside).toBe(0);
  });

  it.runIf(available)("counts the day's visits, bookings and revenue for the merchant and the operators", async () => {
    const stats = await apiAs(server, shop.token).merchantStats();
    // Fees 20 + 0 + 40 (the overdue visit's hold), and the booking that was not cancelled.
    expect(stats.venuesToday).toEqual({ visits: 3, bookings: 1, revenue: 20 + 40 + 30 });
    const day = await apiAs(server, operator).opsStats({});
    expect(day.venues).toEqual({ visits: 3, bookings: 1, fees: 60, bookingCoins: 30, workoutCoins: 270 });
    expect(day.coinsIssued).toMatchObject({ workout_reward: 270 });
    expect(day.coinsIssued).not.toHaveProperty('hold_release');
  });

  it.runIf(available)('keeps one visit per user across venues and caps a long stay at the longest one', async () => {
    const gym = { ...POOL, name: '健身房', activity: 'fitness' as const, longestStayMinutes: 60, pricePerPeriod: 8 };
    const { facilityIds: [gymId] } = await liveVenue(server, shop, operator, [gym]);
    const athlete = await signIn(server, 'athlete');
    await syncSteps(server, athlete, 10_000);
    const gate = apiAs(server, shop.token);
    const entered = await gate.gateEnter({ body: { facilityId: pool, code: await entryCode(server, athlete.token) } });
    const elsewhere = await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: gymId, code: await entryCode(server, athlete.token) } });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([409, 'VISIT_ALREADY_OPEN']);
    server.clock.advance(100 * MINUTE);
    const receipt = await gate.gateExit({ body: { visitId: entered.visit.id } });
    // 100 minutes of swimming at 60 kg is 600 kcal; the day's workout cap pays 300.
    expect(receipt.visit).toMatchObject({ minutes: 100, fee: 40, calories: 600, coinsEarned: 300 });
    const gymVisit = await gate.gateEnter({ body: { facilityId: gymId, code: await entryCode(server, athlete.token) } });
    expect(gymVisit.visit.holdCoins).toBe(16);
    // 75 minutes at a gym whose longest stay is an hour: calories and the fee stop at the hour, and the cap is reached.
    server.clock.advance(75 * MINUTE);
    const capped = await gate.gateExit({ body: { visitId: gymVisit.visit.id } });
    expect(capped.visit).toMatchObject({ minutes: 75, fee: 16, calories: 300, coinsEarned: 0 });
    expect(await heldCoins(server)).toBe(0);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.runIf(available)('makes the slots of the day that comes into the 7-day window when the venue is read', async () => {
    server.clock.advance(86_400_000);
    const slots = (await apiAs(server, swimmer.token).getVenue({ params: { id: venueId } })).venue.facilities[1].slots;
    expect(slots.at(-1)!.startsAt).toBe('2026-06-22T10:00:00.000Z');
    expect(slots.every((slot) => Date.parse(slot.startsAt) > server.clock.at.getTime())).toBe(true);
  });

  it.runIf(available)('lets a user frozen while inside leave and pay, without workout coins, and keeps them out after', async () => {
    const diver = await signIn(server, 'diver');
    await syncSteps(server, diver, 10_000);
    const gate = apiAs(server, shop.token);
    const entered = await gate.gateEnter({ body: { facilityId: pool, code: await entryCode(server, diver.token) } });
    await orFail('freeze', apiAs(server, operator).freezeUser({ params: { id: diver.id }, body: { reason: '刷币嫌疑' } }));
    server.clock.advance(40 * MINUTE);
    const receipt = await gate.gateExit({ body: { visitId: entered.visit.id } });
    expect(receipt.visit).toMatchObject({ minutes: 40, fee: 20, calories: 240, coinsEarned: 0 });
    expect((await callRoute(server, 'createEntryPass', { token: diver.token })).body.error.code).toBe('USER_FROZEN');
  });

  it.runIf(available)('keeps the cancellation deadline a booking was made with when the facility changes its own', async () => {
    const { venueId: hallVenue, facilityIds: [courts] } = await liveVenue(server, shop, operator, [{ ...HALL, name: '羽毛球馆' }]);
    const player = await signIn(server, 'deadline-player');
    await syncSteps(server, player, 10_000); // 300 coins
    const me = apiAs(server, player.token);
    const facilityOf = async () => (await me.getVenue({ params: { id: hallVenue } })).venue.facilities[0];
    // A slot at least a day ahead, so both deadlines below fall after the clock.
    const slot = (await facilityOf()).slots[2];
    const start = Date.parse(slot.startsAt);
    const merchant = apiAs(server, shop.token);

    const kept = await me.bookSlot({ params: { slotId: slot.id }, headers: { 'Idempotency-Key': 'deadline-raise' } });
    expect(kept.booking.cancellableUntil).toBe(new Date(start - 90 * MINUTE).toISOString());
    // A week's deadline would have passed already; the refund promised at booking is still due.
    await merchant.updateFacility({ params: { id: courts }, body: { cancelDeadlineMinutes: 10_080 } });
    expect((await me.listBookings({ query: { limit: 1 } })).items[0].cancellableUntil).toBe(kept.booking.cancellableUntil);
    expect(await me.cancelBooking({ params: { id: kept.booking.id } })).toMatchObject({ booking: { status: 'cancelled' }, balance: 300 });

    await merchant.updateFacility({ params: { id: courts }, body: { cancelDeadlineMinutes: 90 } });
    const held = await me.bookSlot({ params: { slotId: slot.id }, headers: { 'Idempotency-Key': 'deadline-lower' } });
    await merchant.updateFacility({ params: { id: courts }, body: { cancelDeadlineMinutes: 0 } });
    // An hour before the start: past the 90 minutes the user was shown, though within the facility's new setting.
    server.clock.advance(start - 60 * MINUTE - server.clock.at.getTime());
    const late = await callRoute(server, 'cancelBooking', { token: player.token, params: { id: held.booking.id } });
    expect([late.status, late.body.error.code]).toEqual([409, 'BOOKING_NOT_CANCELLABLE']);
    expect((await me.listBookings({ query: { limit: 1 } })).items[0]).toMatchObject({ status: 'booked', cancellableUntil: held.booking.cancellableUntil });
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.runIf(available)('writes no slots for a reader who may not see the venue', async () => {
    const { venueId: squash, facilityIds: [court] } = await liveVenue(server, shop, operator, [{ ...HALL, name: '壁球馆' }]);
    const slotsUntil = async () => String((await server.context.db.query('SELECT slots_until FROM facilities WHERE id = ?', [court]))[0].slots_until);
    const before = await slotsUntil();
    server.clock.advance(86_400_000);
    const stranger = await createMerchant(server, operator, '对面球馆');
    expect((await callRoute(server, 'merchantVenue', { token: stranger.token, params: { id: squash } })).body.error.code).toBe('NOT_FOUND');
    expect(await slotsUntil()).toBe(before);
    const owner = await apiAs(server, shop.token).merchantVenue({ params: { id: squash } });
    expect(owner.venue.facilities[0].slots.length).toBeGreaterThan(0);
    expect(await slotsUntil()).not.toBe(before);
  });
});
