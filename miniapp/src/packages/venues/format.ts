import { addDays, businessDate } from '@calorie-bank/shared/dates';
import { v } from './i18n';

export { clockTime, dayAndTime } from '../../i18n/clock';

/** ISO weekday (1 Monday … 7 Sunday) of a calendar day. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The next `count` calendar days from today in the business time zone. */
export function nextDays(now: Date, timeZone: string, count = 7): string[] {
  const today = businessDate(now, timeZone);
  return Array.from({ length: count }, (_, index) => addDays(today, index));
}

/** A day chip's label: 今天, or 周三 06-17. */
export function dayLabel(date: string, today: string): string {
  if (date === today) return v.today;
  return `${v.days[isoWeekday(date) % 7]} ${date.slice(5)}`;
}

/** The opening hours of one weekday, or null when the venue is closed that day. */
export function hoursOn(openingHours: { weekday: number; opens: string; closes: string }[], weekday: number): string | null {
  const spans = openingHours.filter((hours) => hours.weekday === weekday).sort((a, b) => a.opens.localeCompare(b.opens));
  return spans.length === 0 ? null : spans.map((span) => `${span.opens}–${span.closes}`).join(', ');
}
