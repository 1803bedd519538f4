/** Calendar days as `YYYY-MM-DD` strings in the business time zone. */

/**
 * The first and last day (and instant) any request may name. Nothing in the product happens outside
 * them, and years such as 0001 or 9999 break date arithmetic in some databases.
 */
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2099-12-31';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day it is at instant `at` in `timeZone`. */
export function businessDate(at: Date, timeZone: string): string {
  return formatterFor(timeZone).format(at);
}

/** The day `days` after (or before, if negative) `date`. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether `date` is a real calendar day written as YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/** The days whose steps may still be synced at `at`: today and yesterday in `timeZone`. */
export function syncableDates(at: Date, timeZone: string): [today: string, yesterday: string] {
  const today = businessDate(at, timeZone);
  return [today, addDays(today, -1)];
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * How far `timeZone`'s wall clock is ahead of UTC at instant `ms`, in milliseconds: the wall
 * clock's fields read back as if they were UTC, less the instant. (Read from the fields rather
 * than from a `longOffset` zone name, which engines older than about 2022 do not know.)
 */
export function zoneOffsetAt(ms: number, timeZone: string): number {
  let clock = wallClocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    wallClocks.set(timeZone, clock);
  }
  const field: Record<string, number> = {};
  for (const part of clock.formatToParts(new Date(ms))) if (part.type !== 'literal') field[part.type] = Number(part.value);
  // Some engines write midnight as hour 24 of the same day.
  const wall = Date.UTC(field.year, field.month - 1, field.day, field.hour % 24, field.minute, field.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

const DAY_MS = 86_400_000;

/**
 * The instant that the wall-clock time `HH:MM` on `date` names in `timeZone`, chosen as
 * Temporal's "compatible" disambiguation does: a time the clocks show twice (the hour repeated when
 * they go back) is its first showing; a time they skip (the hour lost when they go forward, or a
 * midnight some zones skip) is read with the offset from before the change, so it lands as far
 * after the change as it was meant after the last time shown (New York's skipped 02:30 is 03:30).
 */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const wall = Date.parse(`${date}T${time}:00Z`);
  const before = wall - zoneOffsetAt(wall - DAY_MS, timeZone);
  const after = wall - zoneOffsetAt(wall + DAY_MS, timeZone);
  const shows = (instant: number) => instant + zoneOffsetAt(instant, timeZone) === wall;
  if (shows(before)) return before;
  if (shows(after)) return after;
  return before;
}

/** The instant the business day that contains `at` began in `timeZone`. */
export function startOfBusinessDay(at: Date, timeZone: string): number {
  return zonedInstant(businessDate(at, timeZone), '00:00', timeZone);
}
