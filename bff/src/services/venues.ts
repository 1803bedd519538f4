import type { EntityManager } from 'typeorm';
import { peakPlaces, type CreateFacilityRequest, type CreateVenueRequest, type SlotPatternEntry, type UpdateFacilityRequest, type UpdateVenueRequest, type Venue, type VenueDetail, type VenueStatus } from '@calorie-bank/shared';
import { deleteUnbookedFutureSlots, slotsOf, withdrawFutureSlots } from '../db/slots.js';
import { runInTransaction } from '../db/transaction.js';
import * as venues from '../db/venues.js';
import { AppError, notFound, validationFailed } from '../errors.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { ensureSlots, SLOT_DAYS, slotsOwed } from './venue-slots.js';

type PageQuery = { cursor?: string; limit: number };

const notEditable = (message: string) => new AppError('VENUE_NOT_EDITABLE', message);

/**
 * A venue with each facility's slots of the next 7 days (not yet started), making any slots the
 * weekly patterns owe first; `staff` adds the patterns themselves. `shown` says who may see the
 * venue, and is asked before anything is written, so a venue nobody may see gets no slots made.
 */
async function venueDetail(context: ServiceContext, venueId: string, staff: boolean, shown: (venue: Venue) => boolean): Promise<VenueDetail | null> {
  const now = context.now().getTime();
  const timeZone = context.config.businessTimeZone;
  const seen = await venues.findVenue(context.db.manager, venueId);
  if (!seen || !shown(seen)) return null;
  const facilities = (await venues.facilitiesOf(context.db.manager, [venueId])).get(venueId) ?? [];
  const owed = facilities.filter((facility) => slotsOwed(facility, now, timeZone));
  if (owed.length > 0) {
    await runInTransaction(context.db, async (manager) => {
      for (const { id } of owed) {
        // The pattern and `slots_until` as they are under the facility's lock, which a new pattern
        // takes too: a read racing a new pattern must not make slots of the old one after it.
        const facility = await venues.findFacility(manager, id, { lock: true });
        if (facility && slotsOwed(facility, now, timeZone)) await ensureSlots(manager, facility, now, timeZone);
      }
    });
  }
  const venue = await venues.findVenue(context.db.manager, venueId);
  if (!venue || !shown(venue)) return null;
  const records = (await venues.facilitiesOf(context.db.manager, [venueId])).get(venueId) ?? [];
  const slots = await slotsOf(context.db.manager, records.map((facility) => facility.id), now, now + SLOT_DAYS * 86_400_000);
  return {
    ...venue,
    facilities: records.map((record) => ({
      ...venues.publicFacility(record),
      slots: slots.get(record.id) ?? [],
      ...(staff ? { slotPattern: record.slotPattern } : {}),
    })),
  };
}

/** A live venue as users see it; any other is NOT_FOUND to them. */
export async function getLiveVenue(context: ServiceContext, venueId: string) {
  const venue = await venueDetail(context, venueId, false, (seen) => seen.status === 'live');
  if (!venue) throw notFound('This venue');
  return { venue };
}

export function listLiveVenues(context: ServiceContext, query: PageQuery) {
  return venues.listVenues(context.db.manager, { status: 'live' }, query);
}

export function listMerchantVenues(context: ServiceContext, merchantId: string, query: PageQuery) {
  return venues.listVenues(context.db.manager, { merchantId }, query);
}

export function listVenuesByStatus(context: ServiceContext, query: PageQuery & { status: VenueStatus }) {
  return venues.listVenues(context.db.manager, { status: query.status, oldestFirst: true }, query);
}

export async function getMerchantVenue(context: ServiceContext, merchantId: string, venueId: string) {
  const venue = await venueDetail(context, venueId, true, (seen) => seen.merchantId === merchantId);
  if (!venue) throw notFound('This venue');
  return { venue };
}

/** An operator opens a draft venue for a merchant, who then fills in its facilities and submits it. */
export async function createVenue(context: ServiceContext, operator: Operator, input: CreateVenueRequest) {
  const now = context.now().getTime();
  const venueId = await runInTransaction(context.db, async (manager) => {
    if (!(await venues.merchantExists(manager, input.merchantId))) throw notFound('This merchant');
    const id = await venues.insertVenue(manager, input, now);
    await recordAudit(manager, operator, { action: 'venue.create', targetType: 'venue', targetId: id, after: { merchantId: input.merchantId, name: input.name } }, now);
    return id;
  });
  return { venue: (await venueDetail(context, venueId, true, () => true))! };
}

/** Locks a venue of this merchant (NOT_FOUND for anyone else's). */
async function ownVenue(manager: EntityManager, merchantId: string, venueId: string) {
  const venue = await venues.findVenue(manager, venueId, { lock: true });
  if (!venue || venue.merchantId !== merchantId) throw notFound('This venue');
  return venue;
}

/** A merchant edits a venue; a rejected venue becomes a draft again, a pending one waits for its review. */
export async function updateVenue(context: ServiceContext, merchantId: string, venueId: string, changes: UpdateVenueRequest) {
  const now = context.now().getTime();
  await runInTransaction(context.db, async (manager) => {
    const venue = await ownVenue(manager, merchantId, venueId);
    if (venue.status === 'pending') throw notEditable('A venue under review cannot change; wait for the review');
    await venues.updateVenueRow(manager, venueId, { ...changes, ...(venue.status === 'rejected' ? { status: 'draft', rejectReason: null } : {}) }, now);
  });
  return getMerchantVenue(context, merchantId, venueId);
}

/** Moves a venue from one status to the next: a merchant submits, an operator approves or rejects. */
export async function moveVenue(
  context: ServiceContext,
  venueId: string,
  move: { from: VenueStatus[]; to: VenueStatus; merchantId?: string; reason?: string; operator?: Operator },
) {
  const now = context.now().getTime();
  const merchantId = await runInTransaction(context.db, async (manager) => {
    const venue = await venues.findVenue(manager, venueId, { lock: true });
    if (!venue || (move.merchantId !== undefined && venue.merchantId !== move.merchantId)) throw notFound('This venue');
    if (!move.from.includes(venue.status)) throw notEditable(`A ${venue.status} venue cannot become ${move.to}`);
    await venues.updateVenueRow(manager, venueId, { status: move.to, rejectReason: move.reason ?? null }, now);
    if (move.operator) {
      const action = move.to === 'live' ? 'venue.approve' : 'venue.reject';
      await recordAudit(manager, move.operator, { action, targetType: 'venue', targetId: venueId, reason: move.reason, before: { status: venue.status }, after: { status: move.to } }, now);
    }
    return venue.merchantId;
  });
  return getMerchantVenue(context, merchantId, venueId);
}

async function facilityAnswer(context: ServiceContext, merchantId: string, venueId: string, facilityId: string) {
  const { venue } = await getMerchantVenue(context, merchantId, venueId);
  return { facility: venue.facilities.find((facility) => facility.id === facilityId)! };
}

export async function createFacility(context: ServiceContext, merchantId: string, venueId: string, input: CreateFacilityRequest) {
  const now = context.now().getTime();
  const facilityId = await runInTransaction(context.db, async (manager) => {
    await ownVenue(manager, merchantId, venueId);
    return venues.insertFacility(manager, venueId, input, now);
  });
  return facilityAnswer(context, merchantId, venueId, facilityId);
}

/**
 * Refuses a pattern whose slots sell more places than the facility holds at any moment (the places
 * of overlapping slots add up): every booked player must fit inside, or the gate turns some away.
 */
function checkSlotsFit(pattern: SlotPatternEntry[], capacity: number, field: (index: number) => string) {
  const peak = peakPlaces(pattern);
  if (peak.places <= capacity) return;
  const slot = pattern[peak.index];
  const alone = slot.capacity > capacity;
  throw validationFailed(
    alone
      ? `A slot cannot sell more places than the facility's capacity of ${capacity}`
      : `The slots on sale at ${slot.start} on weekday ${slot.weekday} sell ${peak.places} places at once, more than the facility's capacity of ${capacity}`,
    field(peak.index),
  );
}

/** Locks a facility of this merchant's venue. */
async function ownFacility(manager: EntityManager, merchantId: string, facilityId: string) {
  const facility = await venues.findFacilityWithVenue(manager, facilityId);
  if (!facility || facility.merchantId !== merchantId) throw notFound('This facility');
  return (await venues.findFacility(manager, facilityId, { lock: true }))!;
}

/**
 * Refuses a change that does not fit the facility's kind: a walk-in facility always has a price per
 * period and no cancel deadline, a booking facility a cancel deadline and no price per period (its
 * slots carry their prices). Setting the other kind's field to null changes nothing.
 */
function checkKindFits(kind: string, changes: UpdateFacilityRequest) {
  const [own, other] = kind === 'walk_in' ? (['pricePerPeriod', 'cancelDeadlineMinutes'] as const) : (['cancelDeadlineMinutes', 'pricePerPeriod'] as const);
  const what = kind === 'walk_in' ? 'A walk-in facility' : 'A booking facility';
  if (changes[own] === null) throw validationFailed(`${what} needs ${own === 'pricePerPeriod' ? 'a price per period' : 'a cancel deadline'}`, own);
  if (typeof changes[other] === 'number') throw validationFailed(`${what} has no ${other === 'pricePerPeriod' ? 'price per period (its slots carry prices)' : 'cancel deadline'}`, other);
}

/** Edits a facility; the kind never changes, and fields of the other kind stay empty. */
export async function updateFacility(context: ServiceContext, merchantId: string, facilityId: string, changes: UpdateFacilityRequest) {
  const venueId = await runInTransaction(context.db, async (manager) => {
    const facility = await ownFacility(manager, merchantId, facilityId);
    checkKindFits(facility.kind, changes);
    if (changes.capacity !== undefined) checkSlotsFit(facility.slotPattern, changes.capacity, () => 'capacity');
    const { pricePerPeriod, cancelDeadlineMinutes, ...common } = changes;
    const own = facility.kind === 'walk_in' ? { pricePerPeriod: pricePerPeriod ?? undefined } : { cancelDeadlineMinutes: cancelDeadlineMinutes ?? undefined };
    await venues.updateFacilityRow(manager, facilityId, { ...common, ...own });
    return facility.venueId;
  });
  return facilityAnswer(context, merchantId, venueId, facilityId);
}

/**
 * Replaces a booking facility's weekly pattern: future slots nobody booked go, those booked once
 * stay for their bookings but are withdrawn (no longer listed or sold), and the pattern's slots of
 * the next 7 days are made; a kept slot that the new pattern has again is back on sale as it was sold.
 */
export async function setSlotPattern(context: ServiceContext, merchantId: string, facilityId: string, pattern: SlotPatternEntry[]) {
  const now = context.now().getTime();
  const venueId = await runInTransaction(context.db, async (manager) => {
    const facility = await ownFacility(manager, merchantId, facilityId);
    if (facility.kind !== 'booking') throw new AppError('FACILITY_NOT_BOOKABLE', 'A walk-in facility has no slots');
    checkSlotsFit(pattern, facility.capacity, (index) => `pattern.${index}.capacity`);
    await venues.updateFacilityRow(manager, facilityId, { slotPattern: pattern });
    await deleteUnbookedFutureSlots(manager, facilityId, now);
    // What is left was booked once: it stays for its bookings but is taken off sale, unless the new pattern has it too.
    await withdrawFutureSlots(manager, facilityId, now);
    await ensureSlots(manager, { ...facility, slotPattern: pattern }, now, context.config.businessTimeZone, true);
    return facility.venueId;
  });
  return facilityAnswer(context, merchantId, venueId, facilityId);
}
