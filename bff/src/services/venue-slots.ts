import type { EntityManager } from 'typeorm';
import { addDays, businessDate, zonedInstant, type SlotPatternEntry } from '@calorie-bank/shared';
import { insertSlotsIfMissing, type NewSlot } from '../db/slots.js';
import { updateFacilityRow, type FacilityRecord } from '../db/venues.js';

/** How far ahead slots are made and shown. */
export const SLOT_DAYS = 7;

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** The slots a weekly pattern makes on the business days from `firstDate` to `lastDate`. */
export function slotsFromPattern(pattern: SlotPatternEntry[], firstDate: string, lastDate: string, timeZone: string): NewSlot[] {
  const slots: NewSlot[] = [];
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    const weekday = isoWeekday(date);
    for (const entry of pattern.filter((candidate) => candidate.weekday === weekday)) {
      const startsAt = zonedInstant(date, entry.start, timeZone);
      slots.push({ startsAt, endsAt: startsAt + entry.durationMinutes * 60_000, capacity: entry.capacity, priceCoins: entry.priceCoins });
    }
  }
  return slots;
}

/** Whether a booking facility's slots stop short of the last day of the window, so a read should make them. */
export function slotsOwed(facility: FacilityRecord, now: number, timeZone: string): boolean {
  if (facility.kind !== 'booking' || facility.slotPattern.length === 0) return false;
  const lastDate = addDays(businessDate(new Date(now), timeZone), SLOT_DAYS - 1);
  return facility.slotsUntil === null || facility.slotsUntil < lastDate;
}

/**
 * Makes a booking facility's slots up to `SLOT_DAYS` ahead, once per business day: a facility
 * whose slots are made to the last day already needs no write. Safe to repeat and to race, since
 * each slot is unique by facility and start.
 */
export async function ensureSlots(manager: EntityManager, facility: FacilityRecord, now: number, timeZone: string, force = false): Promise<void> {
  if (facility.kind !== 'booking' || facility.slotPattern.length === 0) return;
  const today = businessDate(new Date(now), timeZone);
  const lastDate = addDays(today, SLOT_DAYS - 1);
  if (!force && facility.slotsUntil !== null && facility.slotsUntil >= lastDate) return;
  const firstDate = force || facility.slotsUntil === null || facility.slotsUntil < today ? today : addDays(facility.slotsUntil, 1);
  const slots = slotsFromPattern(facility.slotPattern, firstDate, lastDate, timeZone).filter((slot) => slot.startsAt > now);
  await insertSlotsIfMissing(manager, facility.id, slots, now);
  await updateFacilityRow(manager, facility.id, { slotsUntil: lastDate });
}
