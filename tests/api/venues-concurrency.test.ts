import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, callRoute, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { HALL, POOL, backToBackRoom, entryCode, heldCoins, liveVenue } from '../support/venues.js';

const MINUTE = 60_000;
const services = await availableServices();

function tally(answers: { status: number; body: any }[]): Record<string, number> {
  const byCode: Record<string, number> = {};
  for (const answer of answers) {
    const code = answer.status < 300 ? String(answer.status) : answer.body.error.code;
    byCode[code] = (byCode[code] ?? 0) + 1;
  }
  return byCode;
}

describe.skipIf(!(services.mysql && services.redis))('venues under concurrency on MariaDB', () => {
  let server: TestServer;
  let shop: { id: string; token: string };
  let operator: string;
  let pool: string;
  let hall: string;
  const crowd: TestUser[] = [];

  beforeAll(async () => {
    server = await startTestServer('mysql+redis', { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000', DATABASE_TIMEOUT_MS: '30000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '热门场馆');
    ({ facilityIds: [pool, hall] } = await liveVenue(server, shop, operator, [POOL, { ...HALL, capacity: 12 }], 12));
    for (let index = 0; index < 60; index += 1) crowd.push(await signIn(server, `crowd-${index}`));
    await Promise.all(crowd.map((user) => syncSteps(server, user, 2_000))); // 60 coins each
  });
  afterAll(async () => server?.stop());

  it('lets exactly 10 of 40 simultaneous entries into a pool of 10', async () => {
    const codes = await Promise.all(crowd.slice(0, 40).map((user) => entryCode(server, user.token)));
    const answers = await Promise.all(codes.map((code) => callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code } })));
    expect(tally(answers)).toEqual({ '201': 10, VENUE_FULL: 30 });
    const [row] = await server.context.db.query('SELECT inside FROM facilities WHERE id = ?', [pool]);
    expect(Number(row.inside)).toBe(10);
    expect(await heldCoins(server)).toBe(10 * 40);

    // Exits at once, two of each visit: one charge per visit, and every hold comes back.
    const visits = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.visit.id as string);
    server.clock.advance(20 * 60_000);
    const exits = await Promise.all(
      visits.flatMap((visitId) => [0, 1].map(() => callRoute(server, 'gateExit', { token: shop.token, body: { visitId } }))),
    );
    expect(tally(exits)).toEqual({ '200': 20 });
    for (let index = 0; index < exits.length; index += 2) expect(exits[index].body.visit).toEqual(exits[index + 1].body.visit);
    const [fees] = await server.context.db.query("SELECT COUNT(*) AS n, SUM(e.amount) AS coins FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount > 0 WHERE t.kind = 'visit_fee'");
    expect([Number(fees.n), Number(fees.coins)]).toEqual([10, 10 * 10]);
    expect(await heldCoins(server)).toBe(0);
  });

  it('sells 12 places of a slot to 60 simultaneous bookings', async () => {
    const slot = (await apiAs(server, crowd[0].token).getVenue({ params: { id: (await apiAs(server, shop.token).merchantVenues({})).items[0].id } })).venue.facilities[1]
      .slots[0];
    expect(slot.placesLeft).toBe(12);
    const answers = await Promise.all(
      crowd.map((user, index) => callRoute(server, 'bookSlot', { token: user.token, params: { slotId: slot.id }, headers: { 'Idempotency-Key': `race-key-${index}` } })),
    );
    expect(tally(answers)).toEqual({ '201': 12, SLOT_FULL: 48 });
    const [row] = await server.context.db.query('SELECT booked, (SELECT COUNT(*) FROM bookings WHERE slot_id = ?) AS n FROM slots WHERE id = ?', [slot.id, slot.id]);
    expect([Number(row.booked), Number(row.n)]).toEqual([12, 12]);
    // Twelve payments into the merchant's account, none for a refusal.
    const [paid] = await server.context.db.query(
      "SELECT COUNT(*) AS n, SUM(e.amount) AS coins FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount > 0 WHERE t.kind = 'booking'",
    );
    expect([Number(paid.n), Number(paid.coins)]).toEqual([12, 12 * slot.priceCoins]);
    expect(hall).toBeDefined();
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it('opens one visit for a pass scanned at two gates at once', async () => {
    const code = await entryCode(server, crowd[50].token);
    const answers = await Promise.all([0, 1, 2].map(() => callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code } })));
    expect(tally(answers)).toEqual({ '201': 1, ENTRY_CODE_INVALID: 2 });
    const [row] = await server.context.db.query("SELECT COUNT(*) AS n FROM visits WHERE user_id = ? AND status = 'open'", [crowd[50].id]);
    expect(Number(row.n)).toBe(1);
    const state = await ledgerState(server.context.db);
    expect(state).toMatchObject(HEALTHY);
  });

  it('lets people in and out of one facility at the same time without refusing anyone for load', async () => {
    const gate = (route: 'gateEnter' | 'gateExit', body: { facilityId: string; code: string } | { visitId: string }) =>
      callRoute(server, route, { token: shop.token, body: body as never });
    // Those who paid for a booking above may lack the 40-coin hold; the crowd here is the others.
    const rich: { owner_id: string }[] = await server.context.db.query("SELECT owner_id FROM ledger_accounts WHERE kind = 'user_wallet' AND balance >= 40");
    const able = crowd.filter((user) => user !== crowd[50] && rich.some((row) => String(row.owner_id) === user.id));
    expect(able.length).toBeGreaterThanOrEqual(32);
    let inside: string[] = [];
    for (const user of able.slice(0, 8)) inside.push((await gate('gateEnter', { facilityId: pool, code: await entryCode(server, user.token) })).body.visit.id);
    for (let round = 0; round < 3; round += 1) {
      const comers = able.slice(8 + round * 8, 16 + round * 8);
      const codes = await Promise.all(comers.map((user) => entryCode(server, user.token)));
      const answers = await Promise.all([
        ...inside.map((visitId) => gate('gateExit', { visitId })),
        ...codes.map((code) => gate('gateEnter', { facilityId: pool, code })),
      ]);
      expect(tally(answers.slice(0, inside.length))).toEqual({ '200': inside.length });
      expect(Object.keys(tally(answers.slice(inside.length))).filter((code) => code !== '201' && code !== 'VENUE_FULL')).toEqual([]);
      inside = answers.slice(inside.length).filter((answer) => answer.status === 201).map((answer) => answer.body.visit.id);
    }
    await Promise.all(inside.map((visitId) => gate('gateExit', { visitId })));
    const [row] = await server.context.db.query('SELECT inside FROM facilities WHERE id = ?', [pool]);
    expect(Number(row.inside)).toBe(1); // crowd[50], let in by the pass test, is still inside
    // The holds account keeps exactly the open visit's hold; every closed visit gave its hold back or paid it.
    expect(await heldCoins(server)).toBe(40);
    const [open] = await server.context.db.query("SELECT id FROM visits WHERE user_id = ? AND status = 'open'", [crowd[50].id]);
    expect((await gate('gateExit', { visitId: String(open.id) })).status).toBe(200);
    expect(await heldCoins(server)).toBe(0);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it('keeps booked players arriving at once within the capacity while the previous slot is still inside', async () => {
    const { facilityId: room, first, second } = await backToBackRoom(server, shop, operator, '六人训练馆', 6);
    const players = await Promise.all(Array.from({ length: 12 }, (_, index) => signIn(server, `slot-player-${index}`)));
    await Promise.all(players.map((user) => syncSteps(server, user, 2_000)));
    const [earlier, later] = [players.slice(0, 6), players.slice(6)];
    for (const [users, slot] of [[earlier, first], [later, second]] as const) {
      for (const user of users) await apiAs(server, user.token).bookSlot({ params: { slotId: slot.id }, headers: { 'Idempotency-Key': `room-key-${user.id}` } });
    }
    const counts = async () => {
      const [row] = await server.context.db.query(
        "SELECT inside, (SELECT COUNT(*) FROM visits WHERE facility_id = ? AND status = 'open') AS open FROM facilities WHERE id = ?",
        [room, room],
      );
      return { inside: Number(row.inside), open: Number(row.open) };
    };
    server.clock.advance(Date.parse(first.startsAt) - server.clock.at.getTime());
    const stayed: string[] = [];
    for (const user of earlier.slice(0, 4)) stayed.push((await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: room, code: await entryCode(server, user.token) } })).body.visit.id);

    // Two minutes into the second hour, four of the first are still inside and the six booked for it arrive together: two places are left.
    server.clock.advance(62 * MINUTE);
    const arrive = async (users: TestUser[]) => {
      const codes = await Promise.all(users.map((user) => entryCode(server, user.token)));
      return codes.map((code) => callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: room, code } }));
    };
    const crowded = await Promise.all(await arrive(later));
    expect(tally(crowded)).toEqual({ '201': 2, VENUE_FULL: 4 });
    expect(await counts()).toEqual({ inside: 6, open: 6 });
    const [marked] = await server.context.db.query('SELECT COUNT(*) AS n FROM bookings WHERE slot_id = ? AND turned_away_at IS NOT NULL', [second.id]);
    expect(Number(marked.n)).toBe(4);

    // The four turned away come again as the first hour leaves, all at once: each gets in or is told the room is full, never more.
    const waiting = later.filter((_, index) => crowded[index].status !== 201);
    const answers = await Promise.all([
      ...stayed.map((visitId) => callRoute(server, 'gateExit', { token: shop.token, body: { visitId } })),
      ...(await arrive(waiting)),
    ]);
    expect(tally(answers.slice(0, stayed.length))).toEqual({ '200': stayed.length });
    expect(Object.keys(tally(answers.slice(stayed.length))).filter((code) => code !== '201' && code !== 'VENUE_FULL')).toEqual([]);
    const { inside, open } = await counts();
    expect(inside).toBe(open);
    expect(inside).toBeLessThanOrEqual(6);
    expect(inside).toBe(2 + answers.slice(stayed.length).filter((answer) => answer.status === 201).length);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
