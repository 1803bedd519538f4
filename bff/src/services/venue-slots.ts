import type { EntityManager } from 'typeorm';
import { addDays, businessDate, zonedInstant, type SlotPatternEntry } from '@calorie-bank/shared';
import { insertSlotsIfMissing, slotsTakingPlaces, type NewSlot, type PlacedSlot } from '../db/slots.js';
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
 * The new slots with the places each may sell beside the facility's slots already made: at no
 * moment may the places on sale, and those held for bookings, add up past the facility's capacity.
 * A slot already made takes its places while on sale and still to start; one withdrawn, or under
 * way (no longer sold), takes only what it has sold. A new slot whose start an existing one has is
 * that slot, as `insertSlotsIfMissing` keeps it: one on sale stays as it is, and a withdrawn one
 * comes back with its old times, never below the places it sold. Such a slot may run longer than
 * the pattern's, so the new slots are fitted against one another too. Taken in order of start, a
 * slot that would overfill a moment sells fewer places, none at the least.
 */
export function fitBesidePlaced(slots: NewSlot[], placed: PlacedSlot[], capacity: number, now: number): NewSlot[] {
  if (placed.length === 0) return slots;
  const existing = new Map(placed.map((slot) => [slot.startsAt, slot]));
  const fitted = slots.map((slot) => {
    const same = existing.get(slot.startsAt);
    return same ? { ...slot, endsAt: same.endsAt, capacity: same.withdrawn ? Math.max(slot.capacity, same.booked) : same.capacity } : { ...slot };
  });
  const starts = new Set(fitted.map((slot) => slot.startsAt));
  const others = placed
    .filter((slot) => !starts.has(slot.startsAt))
    .map((slot) => ({ ...slot, takes: slot.withdrawn || slot.startsAt <= now ? slot.booked : slot.capacity }));
  const covers = (slot: { startsAt: number; endsAt: number }, at: number) => slot.startsAt <= at && at < slot.endsAt;
  for (const slot of [...fitted].sort((a, b) => a.startsAt - b.startsAt)) {
    const same = existing.get(slot.startsAt);
    if (same && !same.withdrawn) continue;
    const near = [...others, ...fitted.filter((other) => other !== slot)].filter((other) => other.startsAt < slot.endsAt && other.endsAt > slot.startsAt);
    if (near.length === 0) continue;
    // The places taken beside this slot only grow where another slot starts, so its start and theirs within it are the moments to check.
    const moments = [slot.startsAt, ...near.map((other) => other.startsAt).filter((at) => covers(slot, at))];
    let busiest = 0;
    for (const at of moments) {
      const taken = near.reduce((sum, other) => sum + (covers(other, at) ? ('takes' in other ? other.takes : other.capacity) : 0), 0);
      busiest = Math.max(busiest, taken);
    }
    slot.capacity = Math.max(same?.booked ?? 0, Math.min(slot.capacity, capacity - busiest));
  }
  return fitted;
}

/**
 * Makes a booking facility's slots up to `SLOT_DAYS` ahead, once per business day: a facility
 * whose slots are made to the last day already needs no write. Safe to repeat, since each slot is
 * unique by facility and start; the caller holds the facility's row lock, so that the slots fitted
 * beside are the ones there.
 */
export async function ensureSlots(manager: EntityManager, facility: FacilityRecord, now: number, timeZone: string, force = false): Promise<void> {
  if (facility.kind !== 'booking' || facility.slotPattern.length === 0) return;
  const today = businessDate(new Date(now), timeZone);
  const lastDate = addDays(today, SLOT_DAYS - 1);
  if (!force && facility.slotsUntil !== null && facility.slotsUntil >= lastDate) return;
  const firstDate = force || facility.slotsUntil === null || facility.slotsUntil < today ? today : addDays(facility.slotsUntil, 1);
  const slots = slotsFromPattern(facility.slotPattern, firstDate, lastDate, timeZone).filter((slot) => slot.startsAt > now);
  if (slots.length > 0) {
    const around = await slotsTakingPlaces(manager, facility.id, Math.min(...slots.map((slot) => slot.startsAt)), Math.max(...slots.map((slot) => slot.endsAt)));
    await insertSlotsIfMissing(manager, facility.id, fitBesidePlaced(slots, around, facility.capacity, now), now);
  }
  await updateFacilityRow(manager, facility.id, { slotsUntil: lastDate });
}
