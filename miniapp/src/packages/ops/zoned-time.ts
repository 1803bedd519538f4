import { isCalendarDate } from '@calorie-bank/shared/dates';

const offsets = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at instant `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  let format = offsets.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsets.set(timeZone, format);
  }
  const name = format.formatToParts(new Date(ms)).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return (match[1] === '-' ? -minutes : minutes) * 60_000;
}

/**
 * The instant a wall-clock `YYYY-MM-DD` and `HH:MM` name in `timeZone`, as the ISO string the BFF
 * takes, or null when either is not one. The offset is read twice because the first guess may
 * fall on the other side of a daylight-saving change from the time meant.
 */
export function zonedInstant(date: string, time: string, timeZone: string): string | null {
  const clock = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!isCalendarDate(date.trim()) || !clock) return null;
  const wall = Date.parse(`${date.trim()}T${clock[1]}:${clock[2]}:00Z`);
  const first = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(first, timeZone)).toISOString();
}

