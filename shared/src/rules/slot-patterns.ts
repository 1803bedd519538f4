/**
 * Checks of a booking facility's weekly slot pattern. Slots are written per ISO weekday as a
 * start (`HH:MM`, business time zone) and a length; one may run past midnight into the next day,
 * and Sunday's into Monday's.
 */

export interface PatternSlot {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  start: string;
  durationMinutes: number;
  capacity: number;
}

const WEEK_MINUTES = 7 * 24 * 60;

/** Minutes from Monday 00:00 to the slot's start. */
function weekMinute(slot: PatternSlot): number {
  const [hours, minutes] = slot.start.split(':').map(Number);
  return (slot.weekday - 1) * 24 * 60 + hours * 60 + minutes;
}

/** The index of a slot that starts when an earlier one of the list does (one facility has one slot per start), or -1. */
export function repeatedStart(pattern: readonly PatternSlot[]): number {
  const seen = new Set<number>();
  return pattern.findIndex((slot) => {
    const at = weekMinute(slot);
    if (seen.has(at)) return true;
    seen.add(at);
    return false;
  });
}

/**
 * The most places the pattern's slots sell for one moment of the week (overlapping slots add up),
 * and the index of a slot on sale at that moment; `{ places: 0, index: -1 }` for an empty pattern.
 * Each slot is counted from its start, the moment its places begin, so checking the starts is enough.
 */
export function peakPlaces(pattern: readonly PatternSlot[]): { places: number; index: number } {
  let peak = { places: 0, index: -1 };
  pattern.forEach((slot, index) => {
    const at = weekMinute(slot);
    let places = 0;
    for (const other of pattern) {
      // How long after `other` starts this slot starts, the week taken as a circle.
      const since = (at - weekMinute(other) + WEEK_MINUTES) % WEEK_MINUTES;
      if (since < other.durationMinutes) places += other.capacity;
    }
    if (places > peak.places) peak = { places, index };
  });
  return peak;
}
