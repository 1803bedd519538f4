import { businessDate } from '@calorie-bank/shared/dates';

const clocks = new Map<string, Intl.DateTimeFormat>();

/** `HH:MM` of an instant in the business time zone (slots, hours and visits are the venue's local times). */
export function clockTime(iso: string, timeZone: string): string {
  let format = clocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** `MM-DD HH:MM` of an instant in the business time zone. */
export function dayAndTime(iso: string, timeZone: string): string {
  return `${businessDate(new Date(iso), timeZone).slice(5)} ${clockTime(iso, timeZone)}`;
}

/** `YYYY-MM-DD HH:MM` of an instant in the business time zone. */
export function dateAndTime(iso: string, timeZone: string): string {
  return `${businessDate(new Date(iso), timeZone)} ${clockTime(iso, timeZone)}`;
}
