import type { EntityManager } from 'typeorm';
import { CHECKIN_OPENS_BEFORE_MS, type EventSignup, type StaffCommunityEvent } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, idOrNull, int, isoTime, isoTimeOrNull, type Raw } from './rows.js';
import { setClause } from './sql.js';
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
  status: string;
  cancelled_at: Raw | null;
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
    status: row.status === 'cancelled' ? 'cancelled' : 'scheduled',
    cancelledAt: isoTimeOrNull(row.cancelled_at),
    checkinOpensAt: isoTime(int(row.starts_at) - CHECKIN_OPENS_BEFORE_MS),
    checkinClosesAt: isoTime(row.ends_at),
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

/** Locks an event's row for an operator's change; its capacity and count as they stand. */
export async function lockEvent(manager: EntityManager, eventId: string): Promise<{ status: string; signedUp: number } | null> {
  const rows: { status: string; signed_up: Raw }[] = await manager.query(`SELECT status, signed_up FROM community_events WHERE id = ?${forUpdate(manager)}`, [eventId]);
  return rows.length > 0 ? { status: rows[0].status, signedUp: int(rows[0].signed_up) } : null;
}

/**
 * Changes an event's details; a new capacity applies only while it holds every place taken (false
 * otherwise), so a sign-up that got in first is never squeezed out.
 */
export async function updateEvent(
  manager: EntityManager,
  eventId: string,
  changes: { title?: string; description?: string; place?: string; startsAt?: number; endsAt?: number; capacity?: number },
): Promise<boolean> {
  const { sql, params } = setClause({
    title: changes.title,
    description: changes.description,
    place: changes.place,
    starts_at: changes.startsAt,
    ends_at: changes.endsAt,
    capacity: changes.capacity,
  });
  const capacityHolds = changes.capacity === undefined ? '' : ' AND signed_up <= ?';
  const updated = await execute(manager, `UPDATE community_events ${sql} WHERE id = ?${capacityHolds}`, [
    ...params,
    eventId,
    ...(changes.capacity === undefined ? [] : [changes.capacity]),
  ]);
  return updated.affected > 0;
}

export async function cancelEvent(manager: EntityManager, eventId: string, reason: string, now: number): Promise<void> {
  await manager.query("UPDATE community_events SET status = 'cancelled', cancelled_at = ?, cancel_reason = ? WHERE id = ?", [now, reason, eventId]);
}

// Sign-ups.

/** An event's sign-ups, earliest first, one page at a time. */
export async function listSignups(manager: EntityManager, eventId: string, page: { cursor?: string; limit: number }): Promise<Page<EventSignup>> {
  const after = decodeCursor(page.cursor, ['n', 'n']);
  const rows: { user_id: Raw; nickname: string; status: EventSignup['status']; created_at: Raw; checked_in_at: Raw | null }[] = await manager.query(
    `SELECT s.user_id, u.nickname, s.status, s.created_at, s.checked_in_at FROM event_signups s JOIN users u ON u.id = s.user_id
      WHERE s.event_id = ?${after ? ' AND (s.created_at > ? OR (s.created_at = ? AND s.user_id > ?))' : ''}
      ORDER BY s.created_at, s.user_id LIMIT ?`,
    [eventId, ...(after ? [after[0], after[0], after[1]] : []), page.limit + 1],
  );
  return keysetPage(
    rows,
    page.limit,
    (row) => ({ userId: idOf(row.user_id), nickname: row.nickname, status: row.status, signedUpAt: isoTime(row.created_at), checkedInAt: isoTimeOrNull(row.checked_in_at) }),
    (row) => [int(row.created_at), int(row.user_id)],
  );
}

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

/** The events of a community that end after `now` where `userId` holds a place not yet used, by id. */
export async function openSignupsIn(manager: EntityManager, communityId: string, userId: string, now: number): Promise<string[]> {
  const rows: { id: Raw }[] = await manager.query(
    `SELECT e.id FROM community_events e JOIN event_signups s ON s.event_id = e.id AND s.user_id = ?
      WHERE e.community_id = ? AND e.ends_at > ? AND s.status = 'signed_up' ORDER BY e.id`,
    [userId, communityId, now],
  );
  return rows.map((row) => idOf(row.id));
}

export async function cancelSignup(manager: EntityManager, eventId: string, userId: string): Promise<void> {
  await manager.query("UPDATE event_signups SET status = 'cancelled' WHERE event_id = ? AND user_id = ?", [eventId, userId]);
}

export async function markCheckedIn(manager: EntityManager, eventId: string, userId: string, now: number): Promise<void> {
  await manager.query("UPDATE event_signups SET status = 'checked_in', checked_in_at = ? WHERE event_id = ? AND user_id = ?", [now, eventId, userId]);
}

/**
 * The status of the campaign an event's reward is paid from, its row locked (before the budget's
 * slots, in the order a campaign's edit takes them); null when it does not exist.
 */
export async function lockRewardCampaign(manager: EntityManager, campaignId: string): Promise<{ status: string } | null> {
  const rows: { status: string }[] = await manager.query(`SELECT status FROM campaigns WHERE id = ?${forUpdate(manager)}`, [campaignId]);
  return rows.length > 0 ? { status: rows[0].status } : null;
}
