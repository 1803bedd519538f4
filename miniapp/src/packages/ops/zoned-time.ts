import { isCalendarDate, zonedInstant as instantOf } from '@calorie-bank/shared/dates';

/**
 * The instant a wall-clock `YYYY-MM-DD` and `HH:MM` name in `timeZone`, as the ISO string the BFF
 * takes, or null when either is not one.
 */
export function parseZonedInstant(date: string, time: string, timeZone: string): string | null {
  const clock = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!isCalendarDate(date.trim()) || !clock) return null;
  return new Date(instantOf(date.trim(), `${clock[1]}:${clock[2]}`, timeZone)).toISOString();
}
