import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { businessDate, minutesBetween, receiptForVisit, startOfBusinessDay, type EntryPassResponse, type VenueLiveResponse } from '@calorie-bank/shared';
import { runInTransaction } from '../db/transaction.js';
import { findUser, type LockedUser } from '../db/users.js';
import { facilitiesOf, findFacility, findVenue, givePlaceBack, type FacilityRecord } from '../db/venues.js';
import * as visits from '../db/visits.js';
import { notFound, userFrozen, authInvalid } from '../errors.js';
import { ensureAccount, mintAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { slotForCredit } from '../ledger/pools.js';
import { creditWorkoutCampaigns } from './campaign-workout-credit.js';
import type { ServiceContext } from './context.js';
import { lockExistingUser } from './user-locks.js';

/** How long an entry pass lives: long enough to walk to the gate, too short for a screenshot to be of use later. */
export const ENTRY_PASS_TTL_MS = 60_000;
/** How often a venue screen polls its live view. */
export const LIVE_POLL_SECONDS = 5;

/** 20 characters from an alphabet without look-alikes: about 98 random bits. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function entryCode(): string {
  return Array.from(randomBytes(20), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** A single-use entry code for the signed-in user, kept in the database so any process's gate can check it. */
export async function createEntryPass(context: ServiceContext, userId: string): Promise<EntryPassResponse> {
  const now = context.now().getTime();
  const user = await findUser(context.db.manager, userId);
  if (!user) throw authInvalid('This account no longer exists');
  if (user.frozen) throw userFrozen();
  const pass = { code: entryCode(), userId, expiresAt: now + ENTRY_PASS_TTL_MS };
  await runInTransaction(context.db, (manager) => visits.insertEntryPass(manager, pass, now));
  return { code: pass.code, issuedAt: new Date(now).toISOString(), expiresAt: new Date(pass.expiresAt).toISOString() };
}

/**
 * Closes an open visit whose user row the caller has locked, and settles it: the walk-in fee
 * goes from the user's holds to the merchant, the rest of the hold back to the wallet, and the
 * workout's coins are minted within what is left of the day's workout cap (none for a frozen
 * user). `closedByGate` false
 * (the job) charges the whole hold and credits no workout.
 */
export async function closeVisit(
  manager: EntityManager,
  context: ServiceContext,
  input: { visit: visits.VisitRecord; facility: FacilityRecord; merchantId: string; user: LockedUser; closedByGate: boolean },
) {
  const { visit, facility, user } = input;
  const now = context.now().getTime();
  const timeZone = context.config.businessTimeZone;
  const dayStart = startOfBusinessDay(new Date(now), timeZone);
  // The cap counts the workout coins alone, not what campaigns added to them.
  const earnedToday = (await visits.workoutDayCoinsBetween(manager, visit.userId, dayStart, now + 1)).reward;
  const rules = receiptForVisit(
    {
      activity: facility.activity,
      weightKg: user.weightKg ?? context.config.coinRules.defaultWeightKg,
      minutes: minutesBetween(new Date(visit.enteredAt), new Date(now)),
      stayMs: Math.max(0, now - visit.enteredAt),
      longestStayMinutes: visit.longestStayMinutes,
      pricePerPeriod: visit.pricePerPeriod,
      earnedToday,
      closedByGate: input.closedByGate,
    },
    context.config.workoutRules,
  );
  // A frozen user may still leave and pay, but earns nothing, as their step syncs credit nothing.
  const receipt = user.frozen ? { ...rules, coinsEarned: 0 } : rules;
  // The facility row is locked for writing before the visit row changes: that change checks the
  // visit's foreign key with a shared lock on the facility, and two exits each holding one and then
  // asking for the write lock would deadlock.
  await givePlaceBack(manager, visit.facilityId);
  const closed = await visits.closeVisitRow(manager, visit.id, { status: input.closedByGate ? 'closed' : 'expired', leftAt: now, ...receipt });
  if (!closed) throw new Error(`visit ${visit.id} was closed under its user's lock`);

  const memo = facility.name.slice(0, 200);
  const wallet = await ensureAccount(manager, 'user_wallet', visit.userId, now);
  if (visit.holdCoins > 0) {
    const holds = await ensureAccount(manager, 'holds', visit.userId, now);
    if (receipt.fee > 0) {
      const merchant = await slotForCredit(manager, { kind: 'merchant', ownerId: input.merchantId }, now);
      await postTransaction(manager, {
        idempotencyKey: `visit-fee:${visit.id}`,
        kind: 'visit_fee',
        memo,
        postings: [
          { account: holds, amount: -receipt.fee },
          { account: merchant, amount: receipt.fee },
        ],
        now,
      });
    }
    const rest = visit.holdCoins - receipt.fee;
    if (rest > 0) {
      await postTransaction(manager, {
        idempotencyKey: `visit-release:${visit.id}`,
        kind: 'hold_release',
        memo,
        postings: [
          { account: holds, amount: -rest },
          { account: wallet, amount: rest },
        ],
        now,
      });
    }
  }
  let campaignCoins = 0;
  if (receipt.coinsEarned > 0) {
    await postTransaction(manager, {
      idempotencyKey: `workout:${visit.id}`,
      kind: 'workout_reward',
      memo,
      postings: [
        { account: await mintAccount(manager), amount: -receipt.coinsEarned },
        { account: wallet, amount: receipt.coinsEarned },
      ],
      now,
    });
    // Campaigns on workouts pay on the day's workout coins, as step campaigns pay on the day's step coins.
    campaignCoins = await creditWorkoutCampaigns(manager, {
      userId: visit.userId,
      date: businessDate(new Date(now), timeZone),
      workoutCoins: earnedToday + receipt.coinsEarned,
      wallet,
      visitId: visit.id,
      memo,
      now,
    });
    if (campaignCoins > 0) await visits.setVisitCampaignCoins(manager, visit.id, campaignCoins);
  }
  return { id: visit.id, ...receipt, campaignCoins };
}

/**
 * Closes visits left open past their facility's longest stay: the hold is charged and no workout
 * is credited, since no gate saw the user leave. Each visit in a transaction of its own; answers
 * how many were closed. Expired entry passes are dropped on the way.
 */
export async function closeOverdueVisits(context: ServiceContext): Promise<number> {
  const now = context.now().getTime();
  await runInTransaction(context.db, (manager) => visits.deleteExpiredPasses(manager, now - ENTRY_PASS_TTL_MS));
  let closed = 0;
  for (;;) {
    const ids = await visits.overdueVisitIds(context.db.manager, now, 100);
    if (ids.length === 0) return closed;
    for (const visitId of ids) {
      const done = await runInTransaction(
        context.db,
        async (manager) => {
          const unlocked = await visits.findVisit(manager, visitId);
          if (!unlocked) return false;
          const user = await lockExistingUser(manager, unlocked.userId);
          const visit = await visits.findVisit(manager, visitId, { lock: true });
          if (!visit || visit.status !== 'open') return false;
          const facility = (await findFacility(manager, visit.facilityId))!;
          const venue = (await findVenue(manager, facility.venueId))!;
          await closeVisit(manager, context, { visit, facility, merchantId: venue.merchantId, user, closedByGate: false });
          return true;
        },
        { isolation: 'READ COMMITTED' },
      );
      if (done) closed += 1;
    }
    if (ids.length < 100) return closed;
  }
}

/** A venue screen's view: how full each facility is and who is inside since when. */
export async function venueLive(context: ServiceContext, merchantId: string, venueId: string): Promise<VenueLiveResponse> {
  const manager = context.db.manager;
  const venue = await findVenue(manager, venueId);
  if (!venue || venue.merchantId !== merchantId) throw notFound('This venue');
  const facilities = (await facilitiesOf(manager, [venueId])).get(venueId) ?? [];
  return {
    venueId,
    at: context.now().toISOString(),
    pollSeconds: LIVE_POLL_SECONDS,
    facilities: facilities.map(({ id, name, kind, capacity, inside }) => ({ id, name, kind, capacity, inside })),
    people: await visits.peopleInside(manager, venueId),
  };
}

export function listVisits(context: ServiceContext, userId: string, query: { cursor?: string; limit: number }) {
  return visits.listUserVisits(context.db.manager, userId, query);
}
