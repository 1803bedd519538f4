import type { EntityManager } from 'typeorm';
import type { Booking, Slot } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, isoTime, isoTimeOrNull, type Raw } from './rows.js';
import { placeholders } from './sql.js';
import { execute, forUpdate, onConflictUpdate } from './transaction.js';

interface SlotRow {
  id: Raw;
  facility_id: Raw;
  starts_at: Raw;
  ends_at: Raw;
  capacity: Raw;
  booked: Raw;
  price_coins: Raw;
  withdrawn_at: Raw | null;
}

function toSlot(row: SlotRow): Slot {
  return {
    id: idOf(row.id),
    facilityId: idOf(row.facility_id),
    startsAt: isoTime(row.starts_at),
    endsAt: isoTime(row.ends_at),
    capacity: int(row.capacity),
    placesLeft: Math.max(0, int(row.capacity) - int(row.booked)),
    priceCoins: int(row.price_coins),
  };
}

export interface NewSlot {
  startsAt: number;
  endsAt: number;
  capacity: number;
  priceCoins: number;
}

/**
 * Adds slots unless the facility already has one starting then (the unique key makes a repeat
 * change nothing). Such a slot, if withdrawn, is back on sale at the price and places given (never
 * fewer than it has sold); its times stay those its bookings were sold with, or become the ones
 * given when it holds none.
 */
export async function insertSlotsIfMissing(manager: EntityManager, facilityId: string, slots: NewSlot[], now: number): Promise<void> {
  const larger = manager.connection.options.type === 'mysql' ? 'GREATEST' : 'MAX';
  for (const slot of slots) {
    await manager.query(
      `INSERT INTO slots (facility_id, starts_at, ends_at, capacity, booked, price_coins, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)
         ${onConflictUpdate(manager, 'facility_id, starts_at')}
           capacity = CASE WHEN withdrawn_at IS NULL THEN capacity ELSE ${larger}(?, booked) END,
           price_coins = CASE WHEN withdrawn_at IS NULL THEN price_coins ELSE ? END,
           ends_at = CASE WHEN withdrawn_at IS NULL OR booked > 0 THEN ends_at ELSE ? END,
           withdrawn_at = NULL`,
      [facilityId, slot.startsAt, slot.endsAt, slot.capacity, slot.priceCoins, now, slot.capacity, slot.priceCoins, slot.endsAt],
    );
  }
}

/** A slot as the places it takes of its facility's room: on sale, or taken off sale with places its bookings still hold. */
export interface PlacedSlot {
  startsAt: number;
  endsAt: number;
  capacity: number;
  booked: number;
  withdrawn: boolean;
}

/** The longest a slot runs, as a pattern may set it: no slot starting earlier than that before a time still runs then. */
const LONGEST_SLOT_MS = 720 * 60_000;

/**
 * The facility's slots that overlap the time from `from` to `until` and take places in it: those on
 * sale and withdrawn ones still booked. A locking read, so that it sees the rows as they are now, not
 * as a snapshot taken before the caller waited for the facility's lock.
 */
export async function slotsTakingPlaces(manager: EntityManager, facilityId: string, from: number, until: number): Promise<PlacedSlot[]> {
  const rows: SlotRow[] = await manager.query(
    `SELECT * FROM slots WHERE facility_id = ? AND starts_at > ? AND starts_at < ? AND ends_at > ? AND (withdrawn_at IS NULL OR booked > 0)
      ORDER BY starts_at${forUpdate(manager)}`,
    [facilityId, from - LONGEST_SLOT_MS, until, from],
  );
  return rows.map((row) => ({
    startsAt: int(row.starts_at),
    endsAt: int(row.ends_at),
    capacity: int(row.capacity),
    booked: int(row.booked),
    withdrawn: row.withdrawn_at !== null,
  }));
}

/** Takes the facility's future slots off sale; their bookings stand. */
export async function withdrawFutureSlots(manager: EntityManager, facilityId: string, now: number): Promise<void> {
  await manager.query('UPDATE slots SET withdrawn_at = ? WHERE facility_id = ? AND starts_at > ? AND withdrawn_at IS NULL', [now, facilityId, now]);
}

/** Removes the facility's future slots nobody ever booked (a new pattern replaces them); the others stay. */
export async function deleteUnbookedFutureSlots(manager: EntityManager, facilityId: string, now: number): Promise<void> {
  await manager.query(
    'DELETE FROM slots WHERE facility_id = ? AND starts_at > ? AND booked = 0 AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = slots.id)',
    [facilityId, now],
  );
}

/** Slots on sale of some facilities that start between `from` and `until`, soonest first, by facility id. */
export async function slotsOf(manager: EntityManager, facilityIds: string[], from: number, until: number): Promise<Map<string, Slot[]>> {
  const byFacility = new Map<string, Slot[]>(facilityIds.map((id) => [id, []]));
  if (facilityIds.length === 0) return byFacility;
  const rows: SlotRow[] = await manager.query(
    `SELECT * FROM slots WHERE facility_id IN (${placeholders(facilityIds)}) AND starts_at > ? AND starts_at <= ? AND withdrawn_at IS NULL ORDER BY starts_at, id`,
    [...facilityIds, from, until],
  );
  for (const row of rows) byFacility.get(idOf(row.facility_id))?.push(toSlot(row));
  return byFacility;
}

/** A slot, and whether a new pattern took it off sale. */
export async function findSlot(manager: EntityManager, slotId: string): Promise<(Slot & { withdrawn: boolean }) | null> {
  const rows: SlotRow[] = await manager.query('SELECT * FROM slots WHERE id = ?', [slotId]);
  return rows.length > 0 ? { ...toSlot(rows[0]), withdrawn: rows[0].withdrawn_at !== null } : null;
}

/** Takes one place of a slot on sale: true when one was left. The condition keeps bookings within the slot's places. */
export async function takeSlotPlace(manager: EntityManager, slotId: string): Promise<boolean> {
  const { affected } = await execute(manager, 'UPDATE slots SET booked = booked + 1 WHERE id = ? AND booked < capacity AND withdrawn_at IS NULL', [slotId]);
  return affected > 0;
}

export async function giveSlotPlaceBack(manager: EntityManager, slotId: string): Promise<void> {
  await manager.query('UPDATE slots SET booked = booked - 1 WHERE id = ? AND booked > 0', [slotId]);
}

interface BookingRow {
  id: Raw;
  slot_id: Raw;
  user_id: Raw;
  status: Booking['status'];
  price_coins: Raw;
  created_at: Raw;
  starts_at: Raw;
  ends_at: Raw;
  facility_id: Raw;
  facility_name: string;
  venue_id: Raw;
  venue_name: string;
  cancellable_until: Raw;
  turned_away_at: Raw | null;
}

const SELECT_BOOKING = `SELECT b.id, b.slot_id, b.user_id, b.status, b.price_coins, b.cancellable_until, b.turned_away_at, b.created_at, s.starts_at, s.ends_at, s.facility_id,
    f.name AS facility_name, f.venue_id, v.name AS venue_name
  FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN facilities f ON f.id = s.facility_id JOIN venues v ON v.id = f.venue_id`;

/** A booking as its owner sees it, and whose it is. */
export type BookingRecord = Booking & { userId: string };

function toBooking(row: BookingRow): BookingRecord {
  return {
    id: idOf(row.id),
    slotId: idOf(row.slot_id),
    userId: idOf(row.user_id),
    status: row.status,
    startsAt: isoTime(row.starts_at),
    endsAt: isoTime(row.ends_at),
    facilityId: idOf(row.facility_id),
    facilityName: row.facility_name,
    venueId: idOf(row.venue_id),
    venueName: row.venue_name,
    priceCoins: int(row.price_coins),
    cancellableUntil: isoTime(row.cancellable_until),
    createdAt: isoTime(row.created_at),
    turnedAwayAt: isoTimeOrNull(row.turned_away_at),
  };
}

export function publicBooking(record: BookingRecord): Booking {
  const { userId: _user, ...booking } = record;
  return booking;
}

export async function insertBooking(
  manager: EntityManager,
  booking: { slotId: string; userId: string; priceCoins: number; transactionId: string | null; cancellableUntil: number },
  now: number,
): Promise<string> {
  const { insertId } = await execute(
    manager,
    "INSERT INTO bookings (slot_id, user_id, status, price_coins, transaction_id, cancellable_until, created_at, updated_at) VALUES (?, ?, 'booked', ?, ?, ?, ?, ?)",
    [booking.slotId, booking.userId, booking.priceCoins, booking.transactionId, booking.cancellableUntil, now, now],
  );
  return insertId!;
}

/** One booking; with `lock`, its row is locked first, so its status read is the one a change will replace. */
export async function findBooking(manager: EntityManager, bookingId: string, options: { lock?: boolean } = {}): Promise<BookingRecord | null> {
  if (options.lock) await manager.query(`SELECT id FROM bookings WHERE id = ?${forUpdate(manager)}`, [bookingId]);
  const rows: BookingRow[] = await manager.query(`${SELECT_BOOKING} WHERE b.id = ?`, [bookingId]);
  return rows.length > 0 ? toBooking(rows[0]) : null;
}

export async function setBookingStatus(manager: EntityManager, bookingId: string, status: Booking['status'], now: number): Promise<void> {
  await manager.query('UPDATE bookings SET status = ?, updated_at = ? WHERE id = ?', [status, now, bookingId]);
}

/** Marks an unused booking whose holder the gate turned away because the facility was full; the first time is kept. */
export async function markTurnedAway(manager: EntityManager, bookingId: string, now: number): Promise<void> {
  await manager.query("UPDATE bookings SET turned_away_at = COALESCE(turned_away_at, ?), updated_at = ? WHERE id = ? AND status = 'booked'", [now, now, bookingId]);
}

/** The user's booking of a slot of `facilityId` that lets them in at `now`: starting within `earlyMs`, or started and not ended. */
export async function bookingForEntry(
  manager: EntityManager,
  userId: string,
  facilityId: string,
  now: number,
  earlyMs: number,
): Promise<{ id: string; startsAt: number } | null> {
  const rows: { id: Raw; starts_at: Raw }[] = await manager.query(
    `SELECT b.id, s.starts_at FROM bookings b JOIN slots s ON s.id = b.slot_id
      WHERE b.user_id = ? AND b.status = 'booked' AND s.facility_id = ? AND s.starts_at <= ? AND s.ends_at > ?
      ORDER BY s.starts_at LIMIT 1`,
    [userId, facilityId, now + earlyMs, now],
  );
  return rows.length > 0 ? { id: idOf(rows[0].id), startsAt: int(rows[0].starts_at) } : null;
}

export async function listUserBookings(manager: EntityManager, userId: string, page: { cursor?: string; limit: number }): Promise<Page<Booking>> {
  const after = decodeCursor(page.cursor, ['n']);
  const rows: BookingRow[] = await manager.query(
    `${SELECT_BOOKING} WHERE b.user_id = ?${after ? ' AND b.id < ?' : ''} ORDER BY b.id DESC LIMIT ?`,
    [userId, ...(after ? [after[0]] : []), page.limit + 1],
  );
  return keysetPage(rows, page.limit, (row) => publicBooking(toBooking(row)), (row) => [int(row.id)]);
}

/** A merchant's bookings made and coins taken by them in [from, until). */
export async function merchantBookingFigures(manager: EntityManager, merchantId: string | null, from: number, until: number): Promise<{ bookings: number; coins: number }> {
  const rows: { n: Raw; coins: Raw | null }[] = await manager.query(
    `SELECT COUNT(*) AS n, SUM(b.price_coins) AS coins FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN facilities f ON f.id = s.facility_id
       JOIN venues v ON v.id = f.venue_id WHERE b.created_at >= ? AND b.created_at < ? AND b.status <> 'cancelled'${merchantId ? ' AND v.merchant_id = ?' : ''}`,
    [from, until, ...(merchantId ? [merchantId] : [])],
  );
  return { bookings: int(rows[0]?.n), coins: int(rows[0]?.coins) };
}
