import { Input, Text, View } from '@tarojs/components';
import type { API_ROUTES, RouteBody } from '@calorie-bank/shared/api';
import { useEffect, useState } from 'react';
import { h } from '../i18n/opening-hours';

/** The contract's opening hours: spans of `HH:MM` times by ISO weekday (1 Monday … 7 Sunday). */
export type OpeningHours = RouteBody<(typeof API_ROUTES)['createVenue']>['openingHours'];

/** One weekday's row as typed; a closed day keeps its times for when it is opened again. */
export interface Day {
  open: boolean;
  opens: string;
  closes: string;
}

const WEEK = [1, 2, 3, 4, 5, 6, 7];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const closedDay = (): Day => ({ open: false, opens: '08:00', closes: '22:00' });
const errorKey = (index: number) => `day${index}`;

/** Seven closed rows, Monday first. */
export const emptyDays = (): Day[] => WEEK.map(closedDay);

/** One row per weekday, from stored hours (a weekday with two spans keeps its first here). */
export function daysOf(hours: OpeningHours): Day[] {
  return WEEK.map((weekday) => {
    const span = hours.find((entry) => entry.weekday === weekday);
    return span ? { open: true, opens: span.opens, closes: span.closes } : closedDay();
  });
}

/** What is wrong with each open day's times, keyed `day0` (Monday) … `day6`; spaces around a time do not count. */
export function dayErrors(days: Day[]): Record<string, string> {
  const errors: Record<string, string> = {};
  days.forEach((day, index) => {
    if (!day.open) return;
    const opens = day.opens.trim();
    const closes = day.closes.trim();
    if (!TIME.test(opens) || !TIME.test(closes)) errors[errorKey(index)] = h.badTime;
    else if (opens >= closes) errors[errorKey(index)] = h.closesAfterOpens;
  });
  return errors;
}

/** Whether an error key is about the opening hours: the whole of them, or one weekday's row (`day0` … `day6`). */
const isHoursKey = (key: string) => key === 'openingHours' || /^day\d$/.test(key);

const withoutKeys = (errors: Record<string, string>, drop: (key: string) => boolean) =>
  Object.fromEntries(Object.entries(errors).filter(([key]) => !drop(key)));

/**
 * The mistakes of a form that edits opening hours, by field: `forget(key)` drops one once its field
 * is edited, and mistakes of the hours, once shown, are checked again whenever `days` change.
 */
export function useHoursFormErrors(days: Day[]) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const forget = (key: string) => setErrors((previous) => (key in previous ? withoutKeys(previous, (name) => name === key) : previous));
  useEffect(() => {
    setErrors((previous) => {
      if (!Object.keys(previous).some(isHoursKey)) return previous;
      return { ...withoutKeys(previous, isHoursKey), ...dayErrors(days) };
    });
  }, [days]);
  return { errors, setErrors, forget };
}

/** The contract's opening hours for rows that `dayErrors` passed: the open days only, times trimmed. */
export function openingHoursOf(days: Day[]): OpeningHours {
  return days.flatMap((day, index) => (day.open ? [{ weekday: WEEK[index], opens: day.opens.trim(), closes: day.closes.trim() }] : []));
}

/** The class names that fit the rows into a console's look; `${chip}--on` marks an open day's chip. */
export interface OpeningHoursLook {
  row?: string;
  /** The weekday's name and its chip, and the times when they are not on a line of their own. */
  line: string;
  label: string;
  chip: string;
  input: string;
  error: string;
  /** The times on the weekday's line rather than below it. */
  timesInline?: boolean;
}

/**
 * A row per weekday: open or closed, the opening and closing times, and what is wrong with them
 * (`errors.day0` … `errors.day6`, as `dayErrors` gives them). `onChange` receives an update of the
 * rows, as a state setter does. Test ids: `testId` on each row, `-open`, `-opens` and `-closes`
 * after it on its parts, `errorTestId` (`${testId}-error` unless given) on its error.
 */
export function OpeningHoursEditor({
  days,
  onChange,
  errors,
  look,
  testId,
  errorTestId = `${testId}-error`,
}: {
  days: Day[];
  onChange: (update: (days: Day[]) => Day[]) => void;
  errors: Record<string, string>;
  look: OpeningHoursLook;
  testId: string;
  errorTestId?: string;
}) {
  const setDay = (index: number, change: Partial<Day>) => onChange((previous) => previous.map((day, at) => (at === index ? { ...day, ...change } : day)));
  return (
    <>
      {days.map((day, index) => {
        const times = day.open && (
          <>
            <Input className={look.input} value={day.opens} onInput={(event) => setDay(index, { opens: event.detail.value })} data-testid={`${testId}-opens`} />
            <Text>–</Text>
            <Input className={look.input} value={day.closes} onInput={(event) => setDay(index, { closes: event.detail.value })} data-testid={`${testId}-closes`} />
          </>
        );
        const error = errors[errorKey(index)];
        return (
          <View key={WEEK[index]} className={look.row} data-testid={testId}>
            <View className={look.line}>
              <Text className={look.label}>{h.weekday[index]}</Text>
              <Text className={`${look.chip}${day.open ? ` ${look.chip}--on` : ''}`} onClick={() => setDay(index, { open: !day.open })} data-testid={`${testId}-open`}>
                {day.open ? h.open : h.closed}
              </Text>
              {look.timesInline && times}
            </View>
            {!look.timesInline && times && <View className={look.line}>{times}</View>}
            {error && <Text className={look.error} data-testid={errorTestId}>{error}</Text>}
          </View>
        );
      })}
    </>
  );
}
