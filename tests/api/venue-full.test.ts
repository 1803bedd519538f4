import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, callRoute, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { POOL, backToBackRoom, entryCode, heldCoins, liveVenue } from '../support/venues.js';

const MINUTE = 60_000;

/** A booking facility is held to its capacity at the gate like a walk-in one; a booking turned away there stays refundable in full. */
describe.each(await storageBackends())('a full venue on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let shop: { id: string; token: string };

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '满场运动');
  });
  afterAll(async () => server?.stop());

  async function player(name: string): Promise<TestUser> {
    const user = await signIn(server, name);
    await syncSteps(server, user, 10_000); // 300 coins
    return user;
  }

  const book = (user: TestUser, slotId: string) => apiAs(server, user.token).bookSlot({ params: { slotId }, headers: { 'Idempotency-Key': `book-${user.id}-${slotId}` } });
  const enter = async (facilityId: string, user: TestUser) =>
    callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId, code: await entryCode(server, user.token) } });
  const insideOf = async (venueId: string, facilityId: string) =>
    (await apiAs(server, shop.token).venueLive({ params: { id: venueId } })).facilities.find((item) => item.id === facilityId);

  it.runIf(available)('turns a booked player away while the previous slot fills the room, and lets them in on the same booking once someone leaves', async () => {
    const { venueId, facilityId: room, first, second } = await backToBackRoom(server, shop, operator, '私教室', 1);
    const gate = apiAs(server, shop.token);
    const early = await player('first-hour');
    const late = await player('second-hour');
    await book(early, first.id);
    const { booking } = await book(late, second.id);
    server.clock.advance(Date.parse(first.startsAt) - server.clock.at.getTime());
    const inFirst = await gate.gateEnter({ body: { facilityId: room, code: await entryCode(server, early.token) } });

    // Ten minutes before the second hour the first player is inside, as they may be: full, and nothing owed.
    server.clock.advance(50 * MINUTE);
    const beforeSlot = await enter(room, late);
    expect([beforeSlot.status, beforeSlot.body.error.code]).toEqual([409, 'VENUE_FULL']);
    expect((await apiAs(server, late.token).listBookings({ query: { limit: 1 } })).items[0]).toMatchObject({ id: booking.id, status: 'booked', turnedAwayAt: null });
    // Two minutes into the second hour the first player is still inside: the venue owes the place it sold.
    server.clock.advance(12 * MINUTE);
    const full = await enter(room, late);
    expect([full.status, full.body.error.code]).toEqual([409, 'VENUE_FULL']);
    expect(await insideOf(venueId, room)).toMatchObject({ inside: 1, capacity: 1 });
    const turnedAwayAt = server.clock.at.toISOString();
    expect((await apiAs(server, late.token).listBookings({ query: { limit: 1 } })).items[0]).toMatchObject({ id: booking.id, status: 'booked', turnedAwayAt });

    await gate.gateExit({ body: { visitId: inFirst.visit.id } });
    server.clock.advance(5 * MINUTE);
    const entered = await enter(room, late);
    expect(entered.status).toBe(201);
    expect(entered.body.visit.bookingId).toBe(booking.id);
    expect(await insideOf(venueId, room)).toMatchObject({ inside: 1, capacity: 1 });
    // Used, the booking is no longer refundable, whatever the gate said before.
    expect((await apiAs(server, late.token).listBookings({ query: { limit: 1 } })).items[0]).toMatchObject({ status: 'used', turnedAwayAt });
    const used = await callRoute(server, 'cancelBooking', { token: late.token, params: { id: booking.id } });
    expect([used.status, used.body.error.code]).toEqual([409, 'BOOKING_NOT_CANCELLABLE']);
    await gate.gateExit({ body: { visitId: entered.body.visit.id } });

    // A walk-in facility of one place turns the second person away the same way.
    const { facilityIds: [sauna] } = await liveVenue(server, shop, operator, [{ ...POOL, name: '单人桑拿', capacity: 1 }]);
    const inSauna = await gate.gateEnter({ body: { facilityId: sauna, code: await entryCode(server, early.token) } });
    const saunaFull = await enter(sauna, late);
    expect([saunaFull.status, saunaFull.body.error.code]).toEqual([409, 'VENUE_FULL']);
    await gate.gateExit({ body: { visitId: inSauna.visit.id } });
    expect(await heldCoins(server)).toBe(0);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.runIf(available)('refunds in full after the deadline a booking turned away as full, and no other', async () => {
    const { venueId, facilityId: court, first, second } = await backToBackRoom(server, shop, operator, '双人球场', 2);
    const gate = apiAs(server, shop.token);
    const [a, b, c, d] = await Promise.all(['court-a', 'court-b', 'court-c', 'court-d'].map(player));
    for (const user of [a, b]) await book(user, first.id);
    const turned = (await book(c, second.id)).booking;
    const ordinary = (await book(d, second.id)).booking;
    server.clock.advance(Date.parse(first.startsAt) - server.clock.at.getTime());
    const visits = [await gate.gateEnter({ body: { facilityId: court, code: await entryCode(server, a.token) } })];
    visits.push(await gate.gateEnter({ body: { facilityId: court, code: await entryCode(server, b.token) } }));

    // Before the second hour a full court owes nothing: past the deadline, the booking is not refundable.
    server.clock.advance(50 * MINUTE);
    expect((await enter(court, c)).body.error.code).toBe('VENUE_FULL');
    expect(server.clock.at.getTime()).toBeGreaterThan(Date.parse(turned.cancellableUntil));
    const tooEarly = await callRoute(server, 'cancelBooking', { token: c.token, params: { id: turned.id } });
    expect([tooEarly.status, tooEarly.body.error.code]).toEqual([409, 'BOOKING_NOT_CANCELLABLE']);
    // Into the second hour the first players are still on court: now the turned-away booking is refundable.
    server.clock.advance(15 * MINUTE);
    expect((await enter(court, c)).body.error.code).toBe('VENUE_FULL');
    expect(await insideOf(venueId, court)).toMatchObject({ inside: 2, capacity: 2 });
    const refunded = await apiAs(server, c.token).cancelBooking({ params: { id: turned.id } });
    expect(refunded).toMatchObject({ booking: { id: turned.id, status: 'cancelled', turnedAwayAt: server.clock.at.toISOString() }, balance: 300 });
    const late = await callRoute(server, 'cancelBooking', { token: d.token, params: { id: ordinary.id } });
    expect([late.status, late.body.error.code]).toEqual([409, 'BOOKING_NOT_CANCELLABLE']);
    expect((await apiAs(server, d.token).listBookings({})).items[0]).toMatchObject({ status: 'booked', turnedAwayAt: null });
    // Refunded once: a second cancel is refused and the turned-away booking has one refund, the ordinary one none.
    const again = await callRoute(server, 'cancelBooking', { token: c.token, params: { id: turned.id } });
    expect([again.status, again.body.error.code]).toEqual([409, 'BOOKING_NOT_CANCELLABLE']);
    const [refunds] = await server.context.db.query(
      "SELECT COUNT(*) AS n FROM ledger_transactions WHERE kind = 'booking_refund' AND idempotency_key IN (?, ?)",
      [`booking-refund:${turned.id}`, `booking-refund:${ordinary.id}`],
    );
    expect(Number(refunds.n)).toBe(1);
    expect((await apiAs(server, c.token).me()).wallet.balance).toBe(300);

    for (const { visit } of visits) await gate.gateExit({ body: { visitId: visit.id } });
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
