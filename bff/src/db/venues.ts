import type { EntityManager } from 'typeorm';
import {
  walkInHold,
  type CreateFacilityRequest,
  type CreateVenueRequest,
  type Facility,
  type SlotPatternEntry,
  type UpdateFacilityRequest,
  type UpdateVenueRequest,
  type Venue,
  type VenueStatus,
} from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, intOrNull, json, type Raw } from './rows.js';
import { placeholders, setClause, Where } from './sql.js';
import { execute, forUpdate } from './transaction.js';

interface VenueRow {
  id: Raw;
  merchant_id: Raw;
  merchant_name: string;
  name: string;
  address: string;
  opening_hours: string;
  status: VenueStatus;
  reject_reason: string | null;
}

interface FacilityRow {
  id: Raw;
  venue_id: Raw;
  name: string;
  activity: Facility['activity'];
  kind: Facility['kind'];
  capacity: Raw;
  inside: Raw;
  longest_stay_minutes: Raw;
  price_per_period: Raw | null;
  cancel_deadline_minutes: Raw | null;
  slot_pattern: string | null;
  slots_until: string | null;
}

/** A facility with what only its venue's staff and the services see. */
export interface FacilityRecord extends Facility {
  slotPattern: SlotPatternEntry[];
  slotsUntil: string | null;
}

const SELECT_VENUE = 'SELECT v.*, m.name AS merchant_name FROM venues v JOIN merchants m ON m.id = v.merchant_id';

function toVenue(row: VenueRow, facilities: Facility[]): Venue {
  return {
    id: idOf(row.id),
    merchantId: idOf(row.merchant_id),
    merchantName: row.merchant_name,
    name: row.name,
    address: row.address,
    openingHours: json<Venue['openingHours']>(row.opening_hours) ?? [],
    status: row.status,
    rejectReason: row.reject_reason,
    facilities,
  };
}

function toFacility(row: FacilityRow): FacilityRecord {
  const price = intOrNull(row.price_per_period);
  const longest = int(row.longest_stay_minutes);
  return {
    id: idOf(row.id),
    venueId: idOf(row.venue_id),
    name: row.name,
    activity: row.activity,
    kind: row.kind,
    capacity: int(row.capacity),
    inside: int(row.inside),
    longestStayMinutes: longest,
    pricePerPeriod: row.kind === 'walk_in' ? price : null,
    holdCoins: row.kind === 'walk_in' && price !== null ? walkInHold(price, longest) : null,
    cancelDeadlineMinutes: row.kind === 'booking' ? intOrNull(row.cancel_deadline_minutes) : null,
    slotPattern: json<SlotPatternEntry[]>(row.slot_pattern) ?? [],
    slotsUntil: row.slots_until,
  };
}

/** The public part of a facility record. */
export function publicFacility(record: FacilityRecord): Facility {
  const { slotPattern: _pattern, slotsUntil: _until, ...facility } = record;
  return facility;
}

/** The facilities of some venues, by venue id, oldest first. */
export async function facilitiesOf(manager: EntityManager, venueIds: string[]): Promise<Map<string, FacilityRecord[]>> {
  const byVenue = new Map<string, FacilityRecord[]>(venueIds.map((id) => [id, []]));
  if (venueIds.length === 0) return byVenue;
  const rows: FacilityRow[] = await manager.query(`SELECT * FROM facilities WHERE venue_id IN (${placeholders(venueIds)}) ORDER BY id`, venueIds);
  for (const row of rows) byVenue.get(idOf(row.venue_id))?.push(toFacility(row));
  return byVenue;
}

async function withFacilities(manager: EntityManager, rows: VenueRow[]): Promise<Venue[]> {
  const facilities = await facilitiesOf(manager, rows.map((row) => idOf(row.id)));
  return rows.map((row) => toVenue(row, (facilities.get(idOf(row.id)) ?? []).map(publicFacility)));
}

export async function findVenue(manager: EntityManager, venueId: string, options: { lock?: boolean } = {}): Promise<Venue | null> {
  if (options.lock) await manager.query(`SELECT id FROM venues WHERE id = ?${forUpdate(manager)}`, [venueId]);
  const rows: VenueRow[] = await manager.query(`${SELECT_VENUE} WHERE v.id = ?`, [venueId]);
  return rows.length > 0 ? (await withFacilities(manager, rows))[0] : null;
}

/** Venues newest first (by status, or of one merchant), a page at a time; `oldestFirst` for a review queue. */
export async function listVenues(
  manager: EntityManager,
  filter: { status?: VenueStatus; merchantId?: string; oldestFirst?: boolean },
  page: { cursor?: string; limit: number },
): Promise<Page<Venue>> {
  const after = decodeCursor(page.cursor, ['n']);
  const order = filter.oldestFirst ? 'ASC' : 'DESC';
  const where = new Where()
    .and('v.status = ?', [filter.status], filter.status !== undefined)
    .and('v.merchant_id = ?', [filter.merchantId], filter.merchantId !== undefined)
    .and(filter.oldestFirst ? 'v.id > ?' : 'v.id < ?', [after?.[0]], after !== null);
  const rows: VenueRow[] = await manager.query(`${SELECT_VENUE} ${where} ORDER BY v.id ${order} LIMIT ?`, [...where.params, page.limit + 1]);
  const venues = await withFacilities(manager, rows.slice(0, page.limit + 1));
  return keysetPage(venues, page.limit, (venue) => venue, (venue) => [Number(venue.id)]);
}

export async function insertVenue(manager: EntityManager, venue: CreateVenueRequest, now: number): Promise<string> {
  const { insertId } = await execute(
    manager,
    "INSERT INTO venues (merchant_id, name, address, opening_hours, status, reject_reason, created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', NULL, ?, ?)",
    [venue.merchantId, venue.name, venue.address, JSON.stringify(venue.openingHours), now, now],
  );
  return insertId!;
}

export async function updateVenueRow(
  manager: EntityManager,
  venueId: string,
  changes: UpdateVenueRequest & { status?: VenueStatus; rejectReason?: string | null },
  now: number,
): Promise<void> {
  const set = setClause({
    name: changes.name,
    address: changes.address,
    opening_hours: changes.openingHours === undefined ? undefined : JSON.stringify(changes.openingHours),
    status: changes.status,
    reject_reason: changes.rejectReason,
    updated_at: now,
  });
  await manager.query(`UPDATE venues ${set.sql} WHERE id = ?`, [...set.params, venueId]);
}

export async function findFacility(manager: EntityManager, facilityId: string, options: { lock?: boolean } = {}): Promise<FacilityRecord | null> {
  const rows: FacilityRow[] = await manager.query(`SELECT * FROM facilities WHERE id = ?${options.lock ? forUpdate(manager) : ''}`, [facilityId]);
  return rows.length > 0 ? toFacility(rows[0]) : null;
}

/** A facility with its venue's merchant and status, to check who may run its gate. */
export async function findFacilityWithVenue(
  manager: EntityManager,
  facilityId: string,
): Promise<(FacilityRecord & { merchantId: string; venueStatus: VenueStatus; venueName: string; openingHours: Venue['openingHours'] }) | null> {
  const rows: (FacilityRow & { merchant_id: Raw; venue_status: VenueStatus; venue_name: string; venue_hours: string })[] = await manager.query(
    `SELECT f.*, v.merchant_id, v.status AS venue_status, v.name AS venue_name, v.opening_hours AS venue_hours
       FROM facilities f JOIN venues v ON v.id = f.venue_id WHERE f.id = ?`,
    [facilityId],
  );
  if (rows.length === 0) return null;
  const row = rows[0];
  return {
    ...toFacility(row),
    merchantId: idOf(row.merchant_id),
    venueStatus: row.venue_status,
    venueName: row.venue_name,
    openingHours: json<Venue['openingHours']>(row.venue_hours) ?? [],
  };
}

export async function insertFacility(manager: EntityManager, venueId: string, facility: CreateFacilityRequest, now: number): Promise<string> {
  const { insertId } = await execute(
    manager,
    `INSERT INTO facilities (venue_id, name, activity, kind, capacity, inside, longest_stay_minutes, price_per_period, cancel_deadline_minutes, slot_pattern, slots_until, created_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, NULL, NULL, ?)`,
    [
      venueId,
      facility.name,
      facility.activity,
      facility.kind,
      facility.capacity,
      facility.longestStayMinutes,
      facility.kind === 'walk_in' ? facility.pricePerPeriod : null,
      facility.kind === 'booking' ? facility.cancelDeadlineMinutes : null,
      now,
    ],
  );
  return insertId!;
}

export async function updateFacilityRow(
  manager: EntityManager,
  facilityId: string,
  changes: UpdateFacilityRequest & { slotPattern?: SlotPatternEntry[]; slotsUntil?: string | null },
): Promise<void> {
  const set = setClause({
    name: changes.name,
    activity: changes.activity,
    capacity: changes.capacity,
    longest_stay_minutes: changes.longestStayMinutes,
    price_per_period: changes.pricePerPeriod,
    cancel_deadline_minutes: changes.cancelDeadlineMinutes,
    slot_pattern: changes.slotPattern === undefined ? undefined : JSON.stringify(changes.slotPattern),
    slots_until: changes.slotsUntil,
  });
  if (set.params.length === 0) return; // nothing to change (a field of the other kind set to null)
  await manager.query(`UPDATE facilities ${set.sql} WHERE id = ?`, [...set.params, facilityId]);
}

/** Takes a place inside: true when one was free. The condition makes `inside` never pass `capacity`, for walk-ins and bookings alike. */
export async function takePlaceInside(manager: EntityManager, facilityId: string): Promise<boolean> {
  const { affected } = await execute(manager, 'UPDATE facilities SET inside = inside + 1 WHERE id = ? AND inside < capacity', [facilityId]);
  return affected > 0;
}

export async function givePlaceBack(manager: EntityManager, facilityId: string): Promise<void> {
  await manager.query('UPDATE facilities SET inside = inside - 1 WHERE id = ? AND inside > 0', [facilityId]);
}

export async function merchantExists(manager: EntityManager, merchantId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT id FROM merchants WHERE id = ?', [merchantId]);
  return rows.length > 0;
}
