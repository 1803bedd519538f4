import type { EntityManager } from 'typeorm';
import type { Activity, Visit } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, idOrNull, int, intOrNull, isoTime, isoTimeOrNull, type Raw } from './rows.js';
import { execute, forUpdate } from './transaction.js';

export async function insertEntryPass(manager: EntityManager, pass: { code: string; userId: string; expiresAt: number }, now: number): Promise<void> {
  await manager.query('INSERT INTO entry_passes (code, user_id, expires_at, used_at, created_at) VALUES (?, ?, ?, NULL, ?)', [
    pass.code,
    pass.userId,
    pass.expiresAt,
    now,
  ]);
}

/**
 * Uses an entry pass: answers its user when the code is known, unused and unexpired, and marks it
 * used. The conditional update is the fence: of two gates scanning one code, one wins.
 */
export async function useEntryPass(manager: EntityManager, code: string, now: number): Promise<string | null> {
  const { affected } = await execute(manager, 'UPDATE entry_passes SET used_at = ? WHERE code = ? AND used_at IS NULL AND expires_at > ?', [now, code, now]);
  if (affected === 0) return null;
  const rows: { user_id: Raw }[] = await manager.query('SELECT user_id FROM entry_passes WHERE code = ?', [code]);
  return idOf(rows[0].user_id);
}

/** Drops passes expired before `before`; they can never be used. */
export async function deleteExpiredPasses(manager: EntityManager, before: number): Promise<void> {
  await manager.query('DELETE FROM entry_passes WHERE expires_at < ?', [before]);
}

interface VisitRow {
  id: Raw;
  user_id: Raw;
  facility_id: Raw;
  booking_id: Raw | null;
  status: Visit['status'];
  entered_at: Raw;
  due_at: Raw;
  longest_stay_minutes: Raw;
  price_per_period: Raw | null;
  hold_coins: Raw;
  left_at: Raw | null;
  minutes: Raw | null;
  fee: Raw | null;
  calories: Raw | null;
  coins_earned: Raw | null;
  campaign_coins: Raw | null;
}

/** A visit as the gate and the job work with it. */
export interface VisitRecord {
  id: string;
  userId: string;
  facilityId: string;
  bookingId: string | null;
  status: Visit['status'];
  enteredAt: number;
  dueAt: number;
  longestStayMinutes: number;
  pricePerPeriod: number | null;
  holdCoins: number;
  leftAt: number | null;
  minutes: number | null;
  fee: number | null;
  calories: number | null;
  coinsEarned: number | null;
  /** Campaign coins on workouts the visit brought when it closed. */
  campaignCoins: number;
}

function toRecord(row: VisitRow): VisitRecord {
  return {
    id: idOf(row.id),
    userId: idOf(row.user_id),
    facilityId: idOf(row.facility_id),
    bookingId: idOrNull(row.booking_id),
    status: row.status,
    enteredAt: int(row.entered_at),
    dueAt: int(row.due_at),
    longestStayMinutes: int(row.longest_stay_minutes),
    pricePerPeriod: intOrNull(row.price_per_period),
    holdCoins: int(row.hold_coins),
    leftAt: intOrNull(row.left_at),
    minutes: intOrNull(row.minutes),
    fee: intOrNull(row.fee),
    calories: intOrNull(row.calories),
    coinsEarned: intOrNull(row.coins_earned),
    campaignCoins: int(row.campaign_coins ?? 0),
  };
}

/**
 * The user's open visit. Callers hold the user's row lock, under which alone a user's visits open and
 * close, so a plain read is current. A locking read here could scan other users' open visits through
 * the status index and lock their index entries while an exit rewrites them: a deadlock seen under load.
 */
export async function openVisitOf(manager: EntityManager, userId: string): Promise<VisitRecord | null> {
  const rows: VisitRow[] = await manager.query("SELECT * FROM visits WHERE user_id = ? AND status = 'open'", [userId]);
  return rows.length > 0 ? toRecord(rows[0]) : null;
}

export async function findVisit(manager: EntityManager, visitId: string, options: { lock?: boolean } = {}): Promise<VisitRecord | null> {
  const rows: VisitRow[] = await manager.query(`SELECT * FROM visits WHERE id = ?${options.lock ? forUpdate(manager) : ''}`, [visitId]);
  return rows.length > 0 ? toRecord(rows[0]) : null;
}

export async function insertVisit(
  manager: EntityManager,
  visit: { userId: string; facilityId: string; bookingId: string | null; enteredAt: number; longestStayMinutes: number; pricePerPeriod: number | null; holdCoins: number },
): Promise<string> {
  const { insertId } = await execute(
    manager,
    `INSERT INTO visits (user_id, facility_id, booking_id, status, entered_at, due_at, longest_stay_minutes, price_per_period, hold_coins)
     VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
    [
      visit.userId,
      visit.facilityId,
      visit.bookingId,
      visit.enteredAt,
      visit.enteredAt + visit.longestStayMinutes * 60_000,
      visit.longestStayMinutes,
      visit.pricePerPeriod,
      visit.holdCoins,
    ],
  );
  return insertId!;
}

/** Closes an open visit with its receipt; false when it was no longer open. */
export async function closeVisitRow(
  manager: EntityManager,
  visitId: string,
  close: { status: 'closed' | 'expired'; leftAt: number; minutes: number; fee: number; calories: number; coinsEarned: number },
): Promise<boolean> {
  const { affected } = await execute(
    manager,
    "UPDATE visits SET status = ?, left_at = ?, minutes = ?, fee = ?, calories = ?, coins_earned = ? WHERE id = ? AND status = 'open'",
    [close.status, close.leftAt, close.minutes, close.fee, close.calories, close.coinsEarned, visitId],
  );
  return affected > 0;
}

/** Records the campaign coins a closed visit brought, for its receipt. */
export async function setVisitCampaignCoins(manager: EntityManager, visitId: string, coins: number): Promise<void> {
  await manager.query('UPDATE visits SET campaign_coins = ? WHERE id = ?', [coins, visitId]);
}

/**
 * What the user's visits closed in [from, until) brought: `coins`, the workout coins with the
 * campaign coins paid on them; `reward`, the workout coins alone (what the daily cap counts).
 */
export async function workoutDayCoinsBetween(manager: EntityManager, userId: string, from: number, until: number): Promise<{ coins: number; reward: number }> {
  const rows: { coins: Raw | null; reward: Raw | null }[] = await manager.query(
    'SELECT SUM(coins_earned + COALESCE(campaign_coins, 0)) AS coins, SUM(coins_earned) AS reward FROM visits WHERE user_id = ? AND left_at >= ? AND left_at < ?',
    [userId, from, until],
  );
  return { coins: int(rows[0]?.coins), reward: int(rows[0]?.reward) };
}

/** Ids of open visits past their longest stay at `now`, oldest first. */
export async function overdueVisitIds(manager: EntityManager, now: number, limit: number): Promise<string[]> {
  const rows: { id: Raw }[] = await manager.query("SELECT id FROM visits WHERE status = 'open' AND due_at < ? ORDER BY due_at LIMIT ?", [now, limit]);
  return rows.map((row) => idOf(row.id));
}

interface UserVisitRow extends VisitRow {
  booking_coins: Raw | null;
  facility_name: string;
  venue_id: Raw;
  venue_name: string;
  activity: Activity;
}

export async function listUserVisits(manager: EntityManager, userId: string, page: { cursor?: string; limit: number }): Promise<Page<Visit>> {
  const after = decodeCursor(page.cursor, ['n']);
  const rows: UserVisitRow[] = await manager.query(
    `SELECT t.*, f.name AS facility_name, f.venue_id, f.activity, v.name AS venue_name, b.price_coins AS booking_coins
       FROM visits t JOIN facilities f ON f.id = t.facility_id JOIN venues v ON v.id = f.venue_id LEFT JOIN bookings b ON b.id = t.booking_id
      WHERE t.user_id = ?${after ? ' AND t.id < ?' : ''} ORDER BY t.id DESC LIMIT ?`,
    [userId, ...(after ? [after[0]] : []), page.limit + 1],
  );
  return keysetPage(
    rows,
    page.limit,
    (row): Visit => ({
      id: idOf(row.id),
      facilityId: idOf(row.facility_id),
      facilityName: row.facility_name,
      venueId: idOf(row.venue_id),
      venueName: row.venue_name,
      activity: row.activity,
      status: row.status,
      enteredAt: isoTime(row.entered_at),
      leftAt: isoTimeOrNull(row.left_at),
      minutes: intOrNull(row.minutes),
      fee: intOrNull(row.fee),
      calories: intOrNull(row.calories),
      coinsEarned: intOrNull(row.coins_earned),
      campaignCoins: int(row.campaign_coins ?? 0),
      bookingId: idOrNull(row.booking_id),
      bookingCoins: intOrNull(row.booking_coins),
    }),
    (row) => [int(row.id)],
  );
}

/** Who is inside a venue's facilities now, earliest first. */
export async function peopleInside(manager: EntityManager, venueId: string): Promise<{ visitId: string; facilityId: string; nickname: string; since: string }[]> {
  const rows: { id: Raw; facility_id: Raw; nickname: string; entered_at: Raw }[] = await manager.query(
    `SELECT t.id, t.facility_id, u.nickname, t.entered_at FROM visits t JOIN facilities f ON f.id = t.facility_id JOIN users u ON u.id = t.user_id
      WHERE f.venue_id = ? AND t.status = 'open' ORDER BY t.entered_at, t.id LIMIT 1000`,
    [venueId],
  );
  return rows.map((row) => ({ visitId: idOf(row.id), facilityId: idOf(row.facility_id), nickname: row.nickname, since: isoTime(row.entered_at) }));
}

/** Visits entered and fees charged in [from, until), for one merchant or all. */
export async function visitFigures(manager: EntityManager, merchantId: string | null, from: number, until: number): Promise<{ visits: number; fees: number; workoutCoins: number }> {
  const rows: { n: Raw; fees: Raw | null; coins: Raw | null }[] = await manager.query(
    `SELECT COUNT(*) AS n, SUM(t.fee) AS fees, SUM(t.coins_earned) AS coins FROM visits t JOIN facilities f ON f.id = t.facility_id JOIN venues v ON v.id = f.venue_id
      WHERE t.entered_at >= ? AND t.entered_at < ?${merchantId ? ' AND v.merchant_id = ?' : ''}`,
    [from, until, ...(merchantId ? [merchantId] : [])],
  );
  return { visits: int(rows[0]?.n), fees: int(rows[0]?.fees), workoutCoins: int(rows[0]?.coins) };
}
