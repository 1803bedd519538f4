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

/** The instant the business day that contains `at` began in `timeZone`. */
export function startOfBusinessDay(at: Date, timeZone: string): number {
  const date = businessDate(at, timeZone);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(offset ?? '');
  const suffix = match ? `${match[1]}:${match[2] ?? '00'}` : 'Z';
  return Date.parse(`${date}T00:00:00${suffix}`);
}
