import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CHECKIN_OPENS_BEFORE_MS, type CommunityEvent, type CreateEventRequest, type StaffCommunityEvent } from '@calorie-bank/shared';
import { campaignExists } from '../db/campaigns.js';
import { communityExists, isMember } from '../db/communities.js';
import * as events from '../db/events.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../errors.js';
import { ensureAccount, walletBalance } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { lockPool, takeFromPool } from '../ledger/pools.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { lockActiveUser } from './user-locks.js';
import { awardForEventCheckIn } from './collectible-awards.js';

/** Wrong check-in codes a user may try for one event per window, before the route answers RATE_LIMITED. */
export const CHECKIN_CODE_GUESSES = 5;
export const CHECKIN_CODE_WINDOW_SECONDS = 600;

/** An event as members see it: without its check-in code. */
function forMembers({ checkinCode: _code, ...event }: StaffCommunityEvent): CommunityEvent {
  return event;
}

async function findEvent(manager: EntityManager, eventId: string, userId: string): Promise<StaffCommunityEvent> {
  const event = await events.findEvent(manager, eventId, userId);
  if (!event) throw notFound(`Event ${eventId}`);
  return event;
}

async function checkCommunity(manager: EntityManager, communityId: string): Promise<void> {
  if (!(await communityExists(manager, communityId))) throw notFound(`Community ${communityId}`);
}

/** What sign-up and check-in answer a user who does not belong to the event's community. */
function notAMember(): AppError {
  return new AppError('NOT_A_MEMBER', 'Join the community first to sign up for its events');
}

/** A community's events that have not ended, soonest first, with the caller's sign-up. */
export async function listCommunityEvents(context: ServiceContext, userId: string, communityId: string): Promise<{ items: CommunityEvent[] }> {
  await checkCommunity(context.db.manager, communityId);
  const rows = await events.upcomingEvents(context.db.manager, communityId, userId, context.now().getTime());
  return { items: rows.map(forMembers) };
}

/**
 * Changes one user's place at an event inside a transaction that holds the user's lock, at READ
 * COMMITTED (a conditional update of the count must see the latest count, not a snapshot); answers
 * the event as the user now sees it. Wherever a user's places change, locks come in one order:
 * the user's row, then the community's (when leaving it), then the events' rows as their counts
 * are written, so that sign-ups, cancels, check-ins and leaving never wait on one another in a
 * circle.
 */
async function changePlace(
  context: ServiceContext,
  userId: string,
  eventId: string,
  change: (manager: EntityManager, event: StaffCommunityEvent, now: number) => Promise<void>,
): Promise<{ event: CommunityEvent }> {
  const now = context.now().getTime();
  await runInTransaction(
    context.db,
    async (manager) => {
      await lockActiveUser(manager, userId);
      await change(manager, await findEvent(manager, eventId, userId), now);
    },
    { isolation: 'READ COMMITTED' },
  );
  return { event: forMembers(await findEvent(context.db.manager, eventId, userId)) };
}

/**
 * Takes a place at an event. The place is taken by a conditional update of the event's count,
 * so concurrent sign-ups never exceed its capacity; signing up twice changes nothing.
 */
export function signUpForEvent(context: ServiceContext, userId: string, eventId: string): Promise<{ event: CommunityEvent }> {
  return changePlace(context, userId, eventId, async (manager, event, now) => {
    if (!(await isMember(manager, event.communityId, userId))) throw notAMember();
    if (event.status === 'cancelled') throw new AppError('EVENT_NOT_OPEN', 'This event was cancelled');
    if (now >= Date.parse(event.startsAt)) throw new AppError('EVENT_NOT_OPEN', 'This event has already started');
    const status = await events.signupStatus(manager, eventId, userId);
    if (status === 'signed_up' || status === 'checked_in') return;
    if (!(await events.takePlace(manager, eventId))) throw new AppError('EVENT_FULL', 'This event is full', { details: { capacity: event.capacity } });
    await events.saveSignup(manager, eventId, userId, status !== null, now);
  });
}

/** Cancels a user's sign-up and frees its place, in the caller's transaction. */
async function givePlaceBack(manager: EntityManager, eventId: string, userId: string): Promise<void> {
  await events.cancelSignup(manager, eventId, userId);
  await events.givePlaceBack(manager, eventId);
}

/** Gives a place back before the event starts. */
export function cancelEventSignUp(context: ServiceContext, userId: string, eventId: string): Promise<{ event: CommunityEvent }> {
  return changePlace(context, userId, eventId, async (manager, event, now) => {
    if ((await events.signupStatus(manager, eventId, userId)) !== 'signed_up') return;
    if (now >= Date.parse(event.startsAt)) throw new AppError('EVENT_NOT_OPEN', 'This event has already started; places can no longer be given back');
    await givePlaceBack(manager, eventId, userId);
  });
}

/**
 * A member leaving a community gives back the places they hold and have not used at its events
 * that have not ended, started or not, since only members take part. Check-ins stay, and so does
 * every sign-up of an event that is over. Runs in the leaving transaction, which holds the user's
 * row and then the community's; the events' rows are written after, in id order.
 */
export async function givePlacesBackOnLeaving(manager: EntityManager, communityId: string, userId: string, now: number): Promise<void> {
  for (const eventId of await events.openSignupsIn(manager, communityId, userId, now)) await givePlaceBack(manager, eventId, userId);
}

/** Pays an event's reward from its campaign's budget as far as it reaches (nothing once the campaign ended); answers the coins paid. */
async function payReward(manager: EntityManager, event: StaffCommunityEvent, userId: string, now: number): Promise<number> {
  if (event.rewardCoins === 0 || event.rewardCampaignId === null) return 0;
  const campaign = await events.lockRewardCampaign(manager, event.rewardCampaignId);
  if (!campaign || campaign.status === 'ended') return 0;
  const budget = await lockPool(manager, { kind: 'campaign_budget', ownerId: event.rewardCampaignId });
  const paid = Math.min(event.rewardCoins, budget.total);
  if (paid === 0) return 0;
  await postTransaction(manager, {
    idempotencyKey: `event:${event.id}:${userId}`,
    kind: 'event_reward',
    memo: event.title,
    postings: [
      ...takeFromPool(budget, paid),
      { account: await ensureAccount(manager, 'user_wallet', userId, now), amount: paid },
    ],
    now,
  });
  return paid;
}

/**
 * Whether the user has checked in at the event. A check-in is never undone, and another one only
 * answers it again without reading the code, so it is no guess of the code.
 */
export async function hasCheckedIn(context: ServiceContext, userId: string, eventId: string): Promise<boolean> {
  return (await events.signupStatus(context.db.manager, eventId, userId)) === 'checked_in';
}

/**
 * A signed-up member checks in at an event with the code shown there, from half an hour before
 * it starts until it ends. The reward is paid from the reward campaign's budget as far as it
 * reaches (and not once the campaign has ended); checking in twice pays once. Membership is read
 * under the user's lock, which leaving a community holds too, so a user who left is refused.
 */
export async function checkInAtEvent(
  context: ServiceContext,
  userId: string,
  eventId: string,
  code: string,
): Promise<{ event: CommunityEvent; credited: number; balance: number }> {
  const now = context.now().getTime();
  const credited = await runInTransaction(context.db, async (manager) => {
    await lockActiveUser(manager, userId);
    const event = await findEvent(manager, eventId, userId);
    const status = await events.signupStatus(manager, eventId, userId);
    if (status === 'checked_in') return 0;
    if (!(await isMember(manager, event.communityId, userId))) throw notAMember();
    if (status !== 'signed_up') throw new AppError('EVENT_NOT_OPEN', 'Sign up for this event before checking in');
    if (event.status === 'cancelled') throw new AppError('EVENT_NOT_OPEN', 'This event was cancelled');
    if (now < Date.parse(event.startsAt) - CHECKIN_OPENS_BEFORE_MS || now > Date.parse(event.endsAt)) {
      throw new AppError('EVENT_NOT_OPEN', 'Check-in opens half an hour before the event and closes when it ends', {
        details: { checkinOpensAt: event.checkinOpensAt, checkinClosesAt: event.checkinClosesAt },
      });
    }
    if (code !== event.checkinCode) throw new AppError('CHECKIN_CODE_INVALID', 'That is not the code shown at this event');
    await events.markCheckedIn(manager, eventId, userId, now);
    return payReward(manager, event, userId, now);
  });
  if (credited > 0) context.metrics.coinsCredited.inc({ kind: 'event_reward' }, credited);
  await awardForEventCheckIn(context, userId, eventId);
  const [event, balance] = await Promise.all([findEvent(context.db.manager, eventId, userId), walletBalance(context.db.manager, userId)]);
  return { event: forMembers(event), credited, balance };
}

/** A six-digit code to show at the event; not secret from its attendees, only from those not there. */
function checkinCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** An operator plans an event of a community, with a fresh check-in code, logged in the audit log. */
export async function createEvent(
  context: ServiceContext,
  operator: Operator,
  communityId: string,
  body: CreateEventRequest,
): Promise<{ event: StaffCommunityEvent }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    await checkCommunity(manager, communityId);
    if (body.rewardCampaignId !== null && !(await campaignExists(manager, body.rewardCampaignId))) throw notFound(`Campaign ${body.rewardCampaignId}`);
    const eventId = await events.insertEvent(
      manager,
      { ...body, communityId, startsAt: Date.parse(body.startsAt), endsAt: Date.parse(body.endsAt), checkinCode: checkinCode() },
      now,
    );
    const event = await findEvent(manager, eventId, '0');
    await recordAudit(manager, operator, { action: 'event.create', targetType: 'event', targetId: event.id, after: { ...event, checkinCode: undefined } }, now);
    return { event };
  });
}

/** A community's events with their check-in codes, newest first, for its organisers. */
export async function listStaffEvents(context: ServiceContext, communityId: string): Promise<{ items: StaffCommunityEvent[] }> {
  await checkCommunity(context.db.manager, communityId);
  return { items: await events.allEvents(context.db.manager, communityId) };
}
