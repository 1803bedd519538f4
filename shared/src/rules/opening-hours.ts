/**
 * Opening hours: whether a venue is open at an instant. Hours are written per ISO weekday as
 * `HH:MM` times in the business time zone (`BUSINESS_TZ`), the zone that defines "today" and in
 * which slot patterns are written too; `opens` is inclusive, `closes` exclusive, and a weekday
 * missing from the list is closed.
 */

export interface OpeningHoursEntry {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  opens: string;
  closes: string;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

function clockFor(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, clock);
  }
  return clock;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The ISO weekday and the `HH:MM` wall-clock time at `at` in `timeZone`. */
export function localWeekTime(at: Date, timeZone: string): { weekday: number; time: string } {
  const parts = clockFor(timeZone).formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { weekday: WEEKDAYS[part('weekday')], time: `${part('hour')}:${part('minute')}` };
}

/** Whether a venue with `hours` is open at `at` in `timeZone`. */
export function isOpenAt(hours: readonly OpeningHoursEntry[], at: Date, timeZone: string): boolean {
  const { weekday, time } = localWeekTime(at, timeZone);
  return hours.some((entry) => entry.weekday === weekday && entry.opens <= time && time < entry.closes);
}
