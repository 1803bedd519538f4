import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, call, callRoute, orFail, signIn, syncSteps, type ApiAnswer, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { HALL, POOL, dailySlots, entryCode, heldCoins, liveVenue } from '../support/venues.js';

const MINUTE = 60_000;
const codeOf = (answer: ApiAnswer) => [answer.status, answer.body.error?.code];

/**
 * The venue routes' edges: ids that are not ids or name nothing, slots that started or belong to a
 * venue nobody approved, a booking shown at the wrong facility, an exit named at the wrong facility
 * or another merchant's gate, codes never issued. Each answers its contract code, never a 500, and
 * a refusal leaves the pass, the booking and the visit as they were.
 */
describe.each(await storageBackends())('venue edge cases on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let shop: { id: string; token: string };
  let stranger: { id: string; token: string };
  let player: TestUser;
  let venueId: string;
  let pool: string;
  let hall: string;
  let courts: string;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '边界场馆');
    stranger = await createMerchant(server, operator, '隔壁场馆');
    ({ venueId, facilityIds: [pool, hall, courts] } = await liveVenue(server, shop, operator, [POOL, HALL, { ...HALL, name: '羽毛球馆', activity: 'badminton' }]));
    player = await signIn(server, 'edge-player');
    await syncSteps(server, player, 10_000); // 300 coins
  });
  afterAll(async () => server?.stop());

  it.runIf(available)('answers ids that are not ids with VALIDATION_FAILED and ids of nothing with NOT_FOUND', async () => {
    const user = { token: player.token };
    const merchant = { token: shop.token };
    const ops = { token: operator };
    const huge = '9'.repeat(30);
    const requests: [string, string, { token: string; body?: unknown; headers?: Record<string, string> }, number, string][] = [
      ['GET', '/venues/abc', user, 400, 'VALIDATION_FAILED'],
      ['GET', `/venues/${huge}`, user, 400, 'VALIDATION_FAILED'],
      ['GET', '/venues/0', user, 400, 'VALIDATION_FAILED'],
      ['GET', '/venues/9223372036854775807', user, 404, 'NOT_FOUND'],
      ['POST', '/venues/slots/x/book', { ...user, headers: { 'Idempotency-Key': 'edge-bad-slot' } }, 400, 'VALIDATION_FAILED'],
      ['POST', '/venues/slots/987654321/book', { ...user, headers: { 'Idempotency-Key': 'edge-no-slot' } }, 404, 'NOT_FOUND'],
      ['POST', '/bookings/-1/cancel', user, 400, 'VALIDATION_FAILED'],
      ['POST', '/bookings/987654321/cancel', user, 404, 'NOT_FOUND'],
      ['GET', '/merchant/venues/1.5/live', merchant, 400, 'VALIDATION_FAILED'],
      ['GET', '/merchant/venues/987654321/live', merchant, 404, 'NOT_FOUND'],
      ['PUT', '/merchant/facilities/987654321/slot-pattern', { ...merchant, body: { pattern: dailySlots() } }, 404, 'NOT_FOUND'],
      ['PATCH', '/merchant/facilities/987654321', { ...merchant, body: { capacity: 3 } }, 404, 'NOT_FOUND'],
      ['POST', '/merchant/venues/987654321/facilities', { ...merchant, body: POOL }, 404, 'NOT_FOUND'],
      ['POST', '/merchant/gate/enter', { ...merchant, body: { facilityId: 'pool', code: 'ABCDEFGH' } }, 400, 'VALIDATION_FAILED'],
      ['POST', '/merchant/gate/enter', { ...merchant, body: { facilityId: '987654321', code: 'ABCDEFGH' } }, 404, 'NOT_FOUND'],
      ['POST', '/merchant/gate/exit', { ...merchant, body: { visitId: '987654321' } }, 404, 'NOT_FOUND'],
      ['POST', '/merchant/gate/exit', { ...merchant, body: { visitId: '1', code: 'ABCDEFGH' } }, 400, 'VALIDATION_FAILED'],
      ['POST', '/ops/venues/987654321/approve', ops, 404, 'NOT_FOUND'],
      ['POST', '/ops/venues', { ...ops, body: { merchantId: '987654321', name: '无主场馆', address: '某路', openingHours: [] } }, 404, 'NOT_FOUND'],
    ];
    const answers = [];
    for (const [method, path, options] of requests) answers.push(await call(server, method, `/api/v1${path}`, options));
    expect(answers.map((answer, index) => `${requests[index][0]} ${requests[index][1]} → ${codeOf(answer).join(' ')}`)).toEqual(
      requests.map(([method, path, , status, code]) => `${method} ${path} → ${status} ${code}`),
    );
  });

  it.runIf(available)("refuses an edit that does not fit the facility's kind, naming the field, and takes the other kind's field set to null as no change", async () => {
    const patch = (facilityId: string, body: unknown) => call(server, 'PATCH', `/api/v1/merchant/facilities/${facilityId}`, { token: shop.token, body });
    const refusals: [string, unknown, string][] = [
      [pool, { pricePerPeriod: null }, 'pricePerPeriod'],
      [pool, { cancelDeadlineMinutes: 5 }, 'cancelDeadlineMinutes'],
      [pool, { cancelDeadlineMinutes: 0, capacity: 9 }, 'cancelDeadlineMinutes'],
      [hall, { cancelDeadlineMinutes: null }, 'cancelDeadlineMinutes'],
      [hall, { pricePerPeriod: 10 }, 'pricePerPeriod'],
      [hall, { pricePerPeriod: 0, name: '新名字' }, 'pricePerPeriod'],
    ];
    for (const [facilityId, body, field] of refusals) {
      const refused = await patch(facilityId, body);
      expect(codeOf(refused), JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
      expect(refused.body.error.details.map((detail: { path: string }) => detail.path)).toEqual([field]);
    }
    const walkIn = await patch(pool, { cancelDeadlineMinutes: null });
    expect(walkIn.status).toBe(200);
    expect(walkIn.body.facility).toMatchObject({ capacity: POOL.capacity, pricePerPeriod: POOL.pricePerPeriod, cancelDeadlineMinutes: null });
    const booking = await patch(hall, { pricePerPeriod: null });
    expect(booking.status).toBe(200);
    expect(booking.body.facility).toMatchObject({ name: HALL.name, pricePerPeriod: null, cancelDeadlineMinutes: HALL.cancelDeadlineMinutes });
  });

  it.runIf(available)('refuses a slot that has started with SLOT_NOT_BOOKABLE, and a slot of a venue not live with NOT_FOUND', async () => {
    const me = apiAs(server, player.token);
    const [eleven] = (await me.getVenue({ params: { id: venueId } })).venue.facilities[1].slots;
    const start = server.clock.at;
    try {
      server.clock.at = new Date(Date.parse(eleven.startsAt));
      const started = await callRoute(server, 'bookSlot', { token: player.token, params: { slotId: eleven.id }, headers: { 'Idempotency-Key': 'edge-started' } });
      expect(codeOf(started)).toEqual([409, 'SLOT_NOT_BOOKABLE']);
    } finally {
      server.clock.at = start;
    }

    // A draft venue's slots exist for its merchant to see, but nobody can book them, in review either.
    const openingHours = [{ weekday: 1, opens: '07:00', closes: '22:00' }];
    const { venue } = await orFail('draft', apiAs(server, operator).createVenue({ body: { merchantId: shop.id, name: '待审球馆', address: '某路 3 号', openingHours } }));
    const merchant = apiAs(server, shop.token);
    const { facility } = await orFail('facility', merchant.createFacility({ params: { id: venue.id }, body: HALL }));
    const { facility: withSlots } = await orFail('pattern', merchant.setSlotPattern({ params: { id: facility.id }, body: { pattern: dailySlots() } }));
    const draftSlot = withSlots.slots[0];
    const draft = await callRoute(server, 'bookSlot', { token: player.token, params: { slotId: draftSlot.id }, headers: { 'Idempotency-Key': 'edge-draft' } });
    expect(codeOf(draft)).toEqual([404, 'NOT_FOUND']);
    await orFail('submit', merchant.submitVenue({ params: { id: venue.id } }));
    const pending = await callRoute(server, 'bookSlot', { token: player.token, params: { slotId: draftSlot.id }, headers: { 'Idempotency-Key': 'edge-pending' } });
    expect(codeOf(pending)).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await callRoute(server, 'getVenue', { token: player.token, params: { id: venue.id } }))).toEqual([404, 'NOT_FOUND']);
    expect((await me.me()).wallet.balance).toBe(300);
  });

  it.runIf(available)('lets a booking in only at its own facility, and a refusal uses neither the pass nor the booking', async () => {
    const me = apiAs(server, player.token);
    const gate = apiAs(server, shop.token);
    const [eleven] = (await me.getVenue({ params: { id: venueId } })).venue.facilities[1].slots;
    const { booking } = await me.bookSlot({ params: { slotId: eleven.id }, headers: { 'Idempotency-Key': 'edge-hall-booking' } });
    server.clock.advance(Date.parse(eleven.startsAt) - 10 * MINUTE - server.clock.at.getTime());
    const code = await entryCode(server, player.token);
    const elsewhere = await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: courts, code } });
    expect(codeOf(elsewhere)).toEqual([409, 'BOOKING_REQUIRED']);
    expect((await me.listBookings({ query: { limit: 1 } })).items[0]).toMatchObject({ id: booking.id, status: 'booked' });

    // The same code still opens the hall the booking is for.
    const entered = await orFail('entry', gate.gateEnter({ body: { facilityId: hall, code } }));
    expect(entered.visit.bookingId).toBe(booking.id);
    server.clock.advance(30 * MINUTE);

    // An exit named at another facility, or at another merchant's gate, finds no visit and closes nothing.
    const exitCode = await entryCode(server, player.token);
    expect(codeOf(await callRoute(server, 'gateExit', { token: shop.token, body: { facilityId: pool, code: exitCode } }))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await callRoute(server, 'gateExit', { token: stranger.token, body: { facilityId: hall, code: exitCode } }))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await callRoute(server, 'gateExit', { token: stranger.token, body: { visitId: entered.visit.id } }))).toEqual([404, 'NOT_FOUND']);
    const live = await gate.venueLive({ params: { id: venueId } });
    expect(live.people.map((person) => person.visitId)).toEqual([entered.visit.id]);

    // Codes never issued, and one already used, are ENTRY_CODE_INVALID at the exit as at the entry.
    for (const body of [{ facilityId: hall, code: 'ABCDEFGHJKMNPQRSTUVW' }, { facilityId: hall, code }]) {
      expect(codeOf(await callRoute(server, 'gateExit', { token: shop.token, body }))).toEqual([422, 'ENTRY_CODE_INVALID']);
    }
    expect(codeOf(await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code: 'not-a-code-anyone-had' } }))).toEqual([422, 'ENTRY_CODE_INVALID']);

    const receipt = await orFail('exit', gate.gateExit({ body: { facilityId: hall, code: exitCode } }));
    expect(receipt.visit).toMatchObject({ id: entered.visit.id, minutes: 30, fee: 0, calories: 120, coinsEarned: 120 });
    expect(await heldCoins(server)).toBe(0);
  });

  it.runIf(available)('refunds a cancelled booking with a booking_refund transaction that reverses the payment', async () => {
    const me = apiAs(server, player.token);
    const slot = (await me.getVenue({ params: { id: venueId } })).venue.facilities[2].slots.at(-1)!;
    const before = (await me.me()).wallet.balance;
    const { booking } = await me.bookSlot({ params: { slotId: slot.id }, headers: { 'Idempotency-Key': 'edge-refund' } });
    expect(await me.cancelBooking({ params: { id: booking.id } })).toMatchObject({ booking: { status: 'cancelled' }, balance: before });
    const again = await callRoute(server, 'cancelBooking', { token: player.token, params: { id: booking.id } });
    expect(codeOf(again)).toEqual([409, 'BOOKING_NOT_CANCELLABLE']);
    const history = await me.walletTransactions({ query: { limit: 2 } });
    expect(history.items.map((item) => [item.kind, item.amount])).toEqual([
      ['booking_refund', slot.priceCoins],
      ['booking', -slot.priceCoins],
    ]);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
