import type { EntityManager } from 'typeorm';
import type { StaffCommunityEvent } from '@calorie-bank/shared';
import { idOf, idOrNull, int, isoTime, type Raw } from './rows.js';
import { execute, forUpdate } from './transaction.js';

interface EventRow {
  id: Raw;
  community_id: Raw;
  title: string;
  description: string;
  place: string;
  starts_at: Raw;
  ends_at: Raw;
  capacity: Raw;
  signed_up: Raw;
  reward_coins: Raw;
  reward_campaign_id: Raw | null;
  checkin_code: string;
  my_status: string | null;
}

export type SignupStatus = 'signed_up' | 'checked_in' | 'cancelled';

/** An event with its check-in code, as `userId`'s sign-up sees it; callers show the code only to staff. */
function toEvent(row: EventRow): StaffCommunityEvent {
  const status = row.my_status;
  return {
    id: idOf(row.id),
    communityId: idOf(row.community_id),
    title: row.title,
    description: row.description,
    place: row.place,
    startsAt: isoTime(row.starts_at),
    endsAt: isoTime(row.ends_at),
    capacity: int(row.capacity),
    signedUp: int(row.signed_up),
    rewardCoins: int(row.reward_coins),
    rewardCampaignId: idOrNull(row.reward_campaign_id),
    myStatus: status === 'signed_up' || status === 'checked_in' ? status : 'none',
    checkinCode: row.checkin_code,
  };
}

const SELECT_EVENT = `SELECT e.*, s.status AS my_status FROM community_events e
  LEFT JOIN event_signups s ON s.event_id = e.id AND s.user_id = ?`;

/** One event with `userId`'s sign-up ('0' for staff, who sign up for nothing). */
export async function findEvent(manager: EntityManager, eventId: string, userId: string): Promise<StaffCommunityEvent | null> {
  const rows: EventRow[] = await manager.query(`${SELECT_EVENT} WHERE e.id = ?`, [userId, eventId]);
  return rows.length > 0 ? toEvent(rows[0]) : null;
}

/** A community's events that end after `now`, soonest first, with `userId`'s sign-up. */
export async function upcomingEvents(manager: EntityManager, communityId: string, userId: string, now: number): Promise<StaffCommunityEvent[]> {
  const rows: EventRow[] = await manager.query(`${SELECT_EVENT} WHERE e.community_id = ? AND e.ends_at > ? ORDER BY e.starts_at, e.id LIMIT 50`, [
    userId,
    communityId,
    now,
  ]);
  return rows.map(toEvent);
}

/** A community's events, newest first, for its organisers. */
export async function allEvents(manager: EntityManager, communityId: string): Promise<StaffCommunityEvent[]> {
  const rows: EventRow[] = await manager.query(`${SELECT_EVENT} WHERE e.community_id = ? ORDER BY e.starts_at DESC, e.id DESC LIMIT 100`, [0, communityId]);
  return rows.map(toEvent);
}

export async function insertEvent(
  manager: EntityManager,
  event: {
    communityId: string; title: string; description: string; place: string; startsAt: number; endsAt: number;
    capacity: number; rewardCoins: number; rewardCampaignId: string | null; checkinCode: string;
  },
  now: number,
): Promise<string> {
  const inserted = await execute(
    manager,
    `INSERT INTO community_events (community_id, title, description, place, starts_at, ends_at, capacity, signed_up, reward_coins, reward_campaign_id, checkin_code, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
    [
      event.communityId, event.title, event.description, event.place, event.startsAt, event.endsAt,
      event.capacity, event.rewardCoins, event.rewardCampaignId, event.checkinCode, now,
    ],
  );
  return inserted.insertId!;
}

/** Takes a place by a conditional update of the count, so concurrent sign-ups never pass capacity; false when full. */
export async function takePlace(manager: EntityManager, eventId: string): Promise<boolean> {
  const taken = await execute(manager, 'UPDATE community_events SET signed_up = signed_up + 1 WHERE id = ? AND signed_up < capacity', [eventId]);
  return taken.affected > 0;
}

export async function givePlaceBack(manager: EntityManager, eventId: string): Promise<void> {
  await manager.query('UPDATE community_events SET signed_up = signed_up - 1 WHERE id = ?', [eventId]);
}

// Sign-ups.

export async function signupStatus(manager: EntityManager, eventId: string, userId: string): Promise<SignupStatus | null> {
  const rows: { status: SignupStatus }[] = await manager.query('SELECT status FROM event_signups WHERE event_id = ? AND user_id = ?', [eventId, userId]);
  return rows[0]?.status ?? null;
}

/** Records a sign-up: the first one inserts, a sign-up after a cancel reuses the row. */
export async function saveSignup(manager: EntityManager, eventId: string, userId: string, existed: boolean, now: number): Promise<void> {
  if (!existed) {
    await manager.query("INSERT INTO event_signups (event_id, user_id, status, created_at) VALUES (?, ?, 'signed_up', ?)", [eventId, userId, now]);
  } else {
    await manager.query("UPDATE event_signups SET status = 'signed_up', created_at = ? WHERE event_id = ? AND user_id = ?", [now, eventId, userId]);
  }
}

export async function cancelSignup(manager: EntityManager, eventId: string, userId: string): Promise<void> {
  await manager.query("UPDATE event_signups SET status = 'cancelled' WHERE event_id = ? AND user_id = ?", [eventId, userId]);
}

export async function markCheckedIn(manager: EntityManager, eventId: string, userId: string, now: number): Promise<void> {
  await manager.query("UPDATE event_signups SET status = 'checked_in', checked_in_at = ? WHERE event_id = ? AND user_id = ?", [now, eventId, userId]);
}

/**
 * The budget an event's reward is paid from, with its campaign's status; the budget row (and the
 * campaign row) are locked, so the balance read is the one the payment debits.
 */
export async function lockRewardBudget(manager: EntityManager, campaignId: string): Promise<{ id: string; balance: number; status: string } | null> {
  const rows: { id: Raw; balance: Raw; status: string }[] = await manager.query(
    `SELECT a.id, a.balance, c.status FROM ledger_accounts a JOIN campaigns c ON c.id = ?
      WHERE a.kind = 'campaign_budget' AND a.owner_id = ?${forUpdate(manager)}`,
    [campaignId, campaignId],
  );
  return rows.length > 0 ? { id: idOf(rows[0].id), balance: int(rows[0].balance), status: rows[0].status } : null;
}
