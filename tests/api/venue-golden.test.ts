import { closeOverdueVisits } from '@calorie-bank/bff';
import { GOLDEN_WORKOUT_CASES, type GoldenWorkoutCase } from '@calorie-bank/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, orFail, signIn, syncSteps } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { HALL, POOL, entryCode, heldCoins, liveVenue } from '../support/venues.js';

const MINUTE = 60_000;
/** Fitness burns 5 kcal a minute at 60 kg: a day's earlier workout coins are made by a stay there. */
const PRIMER = { activity: 'fitness', longestStayMinutes: 60, pricePerPeriod: 8 } as const;

/** One facility per activity, longest stay and way in that the golden table names. */
function facilityKey(golden: Pick<GoldenWorkoutCase, 'activity' | 'longestStayMinutes' | 'pricePerPeriod'>): string {
  return `${golden.activity}:${golden.longestStayMinutes}:${golden.pricePerPeriod ?? 'booking'}`;
}

function facilitiesFor(cases: readonly GoldenWorkoutCase[]) {
  const byKey = new Map<string, typeof POOL>();
  for (const golden of [...cases, { ...PRIMER }]) {
    const key = facilityKey(golden);
    if (byKey.has(key)) continue;
    const terms = { name: key, activity: golden.activity, longestStayMinutes: golden.longestStayMinutes };
    byKey.set(key, golden.pricePerPeriod === null ? { ...HALL, ...terms } : { ...POOL, ...terms, pricePerPeriod: golden.pricePerPeriod });
  }
  return byKey;
}

/**
 * The shared workout rules' golden table replayed through the gate: each case is a fresh user of
 * the case's weight, let in and out of a facility of its activity, longest stay and way in after
 * the case's minutes (a visit the gate never closes is closed by the overdue job), with the day's
 * earlier workout coins earned first at a gym. The receipt must be the table's.
 */
describe.each(await storageBackends())('workout golden cases at the gate on %s', (backend, available) => {
  let server: TestServer;
  let shop: { id: string; token: string };
  let venueId: string;
  let start: number;
  const facilityIds = new Map<string, string>();

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '金标场馆');
    const wanted = facilitiesFor(GOLDEN_WORKOUT_CASES);
    const live = await liveVenue(server, shop, operator, [...wanted.values()], 8);
    venueId = live.venueId;
    [...wanted.keys()].forEach((key, index) => facilityIds.set(key, live.facilityIds[index]));
    start = server.clock.at.getTime();
  });
  afterAll(async () => server?.stop());

  it.runIf(available)('covers every case of the table with a way to earn its day first', () => {
    expect(GOLDEN_WORKOUT_CASES.length).toBeGreaterThan(10);
    for (const golden of GOLDEN_WORKOUT_CASES) {
      if (golden.earnedToday > 0) expect([golden.earnedToday % 5, golden.earnedToday >= 50 && golden.earnedToday <= 300]).toEqual([0, true]);
    }
  });

  it.runIf(available).each(GOLDEN_WORKOUT_CASES.map((golden, index) => [golden.name, golden, index] as const))('%s', async (_name, golden, index) => {
    server.clock.at = new Date(start);
    const user = await signIn(server, `golden-${index}`);
    await syncSteps(server, user, 10_000); // 300 coins, none of them workout coins
    const me = apiAs(server, user.token);
    const gate = apiAs(server, shop.token);
    const visit = async (facilityId: string, minutes: number) => {
      const { visit: entered } = await orFail('entry', gate.gateEnter({ body: { facilityId, code: await entryCode(server, user.token) } }));
      server.clock.advance(minutes * MINUTE);
      return entered.id;
    };

    await orFail('weight', me.updateProfile({ body: { weightKg: 60 } }));
    if (golden.earnedToday > 0) {
      const primed = await visit(facilityIds.get(facilityKey(PRIMER))!, golden.earnedToday / 5);
      expect((await orFail('primer exit', gate.gateExit({ body: { visitId: primed } }))).visit.coinsEarned).toBe(golden.earnedToday);
    }
    await orFail('weight', me.updateProfile({ body: { weightKg: golden.weightKg } }));

    const facilityId = facilityIds.get(facilityKey(golden))!;
    if (golden.pricePerPeriod === null) {
      // Today's 18:00 slot, entered ten minutes before it starts.
      const { venue } = await orFail('venue', me.getVenue({ params: { id: venueId } }));
      const slot = venue.facilities.find((facility) => facility.id === facilityId)!.slots.find((item) => item.startsAt.endsWith('T10:00:00.000Z'))!;
      await orFail('booking', me.bookSlot({ params: { slotId: slot.id }, headers: { 'Idempotency-Key': `golden-${index}` } }));
      server.clock.at = new Date(Date.parse(slot.startsAt) - 10 * MINUTE);
    }
    const visitId = await visit(facilityId, golden.minutes);
    let receipt;
    if (golden.closedByGate) {
      receipt = (await orFail('exit', gate.gateExit({ body: { visitId } }))).visit;
    } else {
      expect(await closeOverdueVisits(server.context)).toBe(1);
      receipt = (await orFail('visits', me.listVisits({ query: { limit: 1 } }))).items[0];
      expect(receipt).toMatchObject({ id: visitId, status: 'expired' });
    }
    expect({ minutes: receipt.minutes, fee: receipt.fee, calories: receipt.calories, coinsEarned: receipt.coinsEarned }).toEqual({
      minutes: golden.minutes,
      fee: golden.fee,
      calories: golden.calories,
      coinsEarned: golden.coinsEarned,
    });
    expect(await heldCoins(server)).toBe(0);
  });

  it.runIf(available)('leaves the ledger balanced', async () => {
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
