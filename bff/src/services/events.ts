import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { CommunityEvent, CreateEventRequest, StaffCommunityEvent } from '@calorie-bank/shared';
import { execute, forUpdate, runInTransaction } from '../db/transaction.js';
import { AppError, notFound, userFrozen } from '../errors.js';
import { ensureAccount, walletBalance } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { recordAudit, type Operator } from './audit.js';
import { isMember, lockUser } from './communities.js';
import type { ServiceContext } from './context.js';

/** Check-in opens this long before an event starts and closes when it ends. */
const CHECKIN_OPENS_BEFORE_MS = 30 * 60_000;
/** Wrong check-in codes a user may try for one event per window, before the route answers RATE_LIMITED. */
export const CHECKIN_CODE_GUESSES = 5;
export const CHECKIN_CODE_WINDOW_SECONDS = 600;

interface EventRow {
  id: number | string;
  community_id: number | string;
  title: string;
  description: string;
  place: string;
  starts_at: number | string;
  ends_at: number | string;
  capacity: number;
  signed_up: number;
  reward_coins: number;
  reward_campaign_id: number | string | null;
  checkin_code: string;
  my_status?: string | null;
}

type SignupStatus = 'signed_up' | 'checked_in' | 'cancelled';

function presentEvent(row: EventRow): CommunityEvent {
  const status = row.my_status;
  return {
    id: String(row.id),
    communityId: String(row.community_id),
    title: row.title,
    description: row.description,
    place: row.place,
    startsAt: new Date(Number(row.starts_at)).toISOString(),
    endsAt: new Date(Number(row.ends_at)).toISOString(),
    capacity: Number(row.capacity),
    signedUp: Number(row.signed_up),
    rewardCoins: Number(row.reward_coins),
    rewardCampaignId: row.reward_campaign_id === null ? null : String(row.reward_campaign_id),
    myStatus: status === 'signed_up' || status === 'checked_in' ? status : 'none',
  };
}

function presentStaffEvent(row: EventRow): StaffCommunityEvent {
  return { ...presentEvent(row), checkinCode: row.checkin_code };
}

const SELECT_EVENT = `SELECT e.*, s.status AS my_status FROM community_events e
  LEFT JOIN event_signups s ON s.event_id = e.id AND s.user_id = ?`;

async function findEvent(manager: EntityManager, eventId: string, userId: string): Promise<EventRow> {
  const rows: EventRow[] = await manager.query(`${SELECT_EVENT} WHERE e.id = ?`, [userId, eventId]);
  if (rows.length === 0) throw notFound(`Event ${eventId}`);
  return rows[0];
}

/** A community's events that have not ended, soonest first, with the caller's sign-up. */
export async function listCommunityEvents(context: ServiceContext, userId: string, communityId: string): Promise<{ items: CommunityEvent[] }> {
  const exists: unknown[] = await context.db.query('SELECT id FROM communities WHERE id = ?', [communityId]);
  if (exists.length === 0) throw notFound(`Community ${communityId}`);
  const rows: EventRow[] = await context.db.query(`${SELECT_EVENT} WHERE e.community_id = ? AND e.ends_at > ? ORDER BY e.starts_at, e.id LIMIT 50`, [
    userId,
    communityId,
    context.now().getTime(),
  ]);
  return { items: rows.map(presentEvent) };
}

/** Locks the user's row (one user's sign-ups, cancels and check-ins run one at a time); a frozen user may not act. */
async function lockActiveUser(manager: EntityManager, userId: string): Promise<void> {
  if ((await lockUser(manager, userId)).frozen) throw userFrozen();
}

async function signupOf(manager: EntityManager, eventId: string, userId: string): Promise<SignupStatus | null> {
  const rows: { status: SignupStatus }[] = await manager.query('SELECT status FROM event_signups WHERE event_id = ? AND user_id = ?', [eventId, userId]);
  return rows[0]?.status ?? null;
}

/**
 * Changes one user's place at an event inside a transaction that holds the user's lock, at READ
 * COMMITTED (a conditional update of the count must see the latest count, not a snapshot); answers
 * the event as the user now sees it.
 */
async function changePlace(
  context: ServiceContext,
  userId: string,
  eventId: string,
  change: (manager: EntityManager, event: EventRow, now: number) => Promise<void>,
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
  return { event: presentEvent(await findEvent(context.db.manager, eventId, userId)) };
}

/**
 * Takes a place at an event. The place is taken by a conditional update of the event's count,
 * so concurrent sign-ups never exceed its capacity; signing up twice changes nothing.
 */
export function signUpForEvent(context: ServiceContext, userId: string, eventId: string): Promise<{ event: CommunityEvent }> {
  return changePlace(context, userId, eventId, async (manager, event, now) => {
    if (!(await isMember(manager, String(event.community_id), userId))) {
      throw new AppError('NOT_A_MEMBER', 'Join the community first to sign up for its events');
    }
    if (now >= Number(event.starts_at)) throw new AppError('EVENT_NOT_OPEN', 'This event has already started');
    const status = await signupOf(manager, eventId, userId);
    if (status === 'signed_up' || status === 'checked_in') return;
    const taken = await execute(manager, 'UPDATE community_events SET signed_up = signed_up + 1 WHERE id = ? AND signed_up < capacity', [eventId]);
    if (taken.affected === 0) throw new AppError('EVENT_FULL', 'This event is full', { details: { capacity: Number(event.capacity) } });
    if (status === null) {
      await manager.query("INSERT INTO event_signups (event_id, user_id, status, created_at) VALUES (?, ?, 'signed_up', ?)", [eventId, userId, now]);
    } else {
      await manager.query("UPDATE event_signups SET status = 'signed_up', created_at = ? WHERE event_id = ? AND user_id = ?", [now, eventId, userId]);
    }
  });
}

/** Gives a place back before the event starts. */
export function cancelEventSignUp(context: ServiceContext, userId: string, eventId: string): Promise<{ event: CommunityEvent }> {
  return changePlace(context, userId, eventId, async (manager, event, now) => {
    if ((await signupOf(manager, eventId, userId)) !== 'signed_up') return;
    if (now >= Number(event.starts_at)) throw new AppError('EVENT_NOT_OPEN', 'This event has already started; places can no longer be given back');
    await manager.query("UPDATE event_signups SET status = 'cancelled' WHERE event_id = ? AND user_id = ?", [eventId, userId]);
    await manager.query('UPDATE community_events SET signed_up = signed_up - 1 WHERE id = ?', [eventId]);
  });
}

/**
 * Checks a signed-up user in with the code shown at the event, from half an hour before it
 * starts until it ends. The reward is paid from the reward campaign's budget as far as it
 * reaches (and not once the campaign has ended); checking in twice pays once.
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
    const status = await signupOf(manager, eventId, userId);
    if (status === 'checked_in') return 0;
    if (status !== 'signed_up') throw new AppError('EVENT_NOT_OPEN', 'Sign up for this event before checking in');
    if (now < Number(event.starts_at) - CHECKIN_OPENS_BEFORE_MS || now > Number(event.ends_at)) {
      throw new AppError('EVENT_NOT_OPEN', 'Check-in opens half an hour before the event and closes when it ends');
    }
    if (code !== event.checkin_code) throw new AppError('CHECKIN_CODE_INVALID', 'That is not the code shown at this event');
    await manager.query("UPDATE event_signups SET status = 'checked_in', checked_in_at = ? WHERE event_id = ? AND user_id = ?", [now, eventId, userId]);
    if (Number(event.reward_coins) === 0 || event.reward_campaign_id === null) return 0;
    const budgets: { id: number | string; balance: number | string; status: string }[] = await manager.query(
      `SELECT a.id, a.balance, c.status FROM ledger_accounts a JOIN campaigns c ON c.id = ?
        WHERE a.kind = 'campaign_budget' AND a.owner_id = ?${forUpdate(manager)}`,
      [event.reward_campaign_id, String(event.reward_campaign_id)],
    );
    const budget = budgets[0];
    if (!budget || budget.status === 'ended') return 0;
    const paid = Math.min(Number(event.reward_coins), Number(budget.balance));
    if (paid === 0) return 0;
    await postTransaction(manager, {
      idempotencyKey: `event:${eventId}:${userId}`,
      kind: 'event_reward',
      memo: event.title,
      postings: [
        { account: { id: String(budget.id), kind: 'campaign_budget' }, amount: -paid },
        { account: await ensureAccount(manager, 'user_wallet', userId, now), amount: paid },
      ],
      now,
    });
    return paid;
  });
  if (credited > 0) context.metrics.coinsCredited.inc({ kind: 'event_reward' }, credited);
  const [event, balance] = await Promise.all([findEvent(context.db.manager, eventId, userId), walletBalance(context.db.manager, userId)]);
  return { event: presentEvent(event), credited, balance };
}

/** A six-digit code to show at the event; not secret from its attendees, only from those not there. */
function checkinCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export async function createEvent(
  context: ServiceContext,
  operator: Operator,
  communityId: string,
  body: CreateEventRequest,
): Promise<{ event: StaffCommunityEvent }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const exists: unknown[] = await manager.query('SELECT id FROM communities WHERE id = ?', [communityId]);
    if (exists.length === 0) throw notFound(`Community ${communityId}`);
    if (body.rewardCampaignId !== null) {
      const campaigns: unknown[] = await manager.query('SELECT id FROM campaigns WHERE id = ?', [body.rewardCampaignId]);
      if (campaigns.length === 0) throw notFound(`Campaign ${body.rewardCampaignId}`);
    }
    const inserted = await execute(
      manager,
      `INSERT INTO community_events (community_id, title, description, place, starts_at, ends_at, capacity, signed_up, reward_coins, reward_campaign_id, checkin_code, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
      [
        communityId,
        body.title,
        body.description,
        body.place,
        Date.parse(body.startsAt),
        Date.parse(body.endsAt),
        body.capacity,
        body.rewardCoins,
        body.rewardCampaignId,
        checkinCode(),
        now,
      ],
    );
    const event = presentStaffEvent(await findEvent(manager, inserted.insertId!, '0'));
    await recordAudit(manager, operator, { action: 'event.create', targetType: 'event', targetId: event.id, after: { ...event, checkinCode: undefined } }, now);
    return { event };
  });
}

/** A community's events with their check-in codes, newest first, for its organisers. */
export async function listStaffEvents(context: ServiceContext, communityId: string): Promise<{ items: StaffCommunityEvent[] }> {
  const exists: unknown[] = await context.db.query('SELECT id FROM communities WHERE id = ?', [communityId]);
  if (exists.length === 0) throw notFound(`Community ${communityId}`);
  const rows: EventRow[] = await context.db.query(`${SELECT_EVENT} WHERE e.community_id = ? ORDER BY e.starts_at DESC, e.id DESC LIMIT 100`, [0, communityId]);
  return { items: rows.map(presentStaffEvent) };
}
