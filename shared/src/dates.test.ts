import { describe, expect, it } from 'vitest';
import { addDays, businessDate, isCalendarDate, startOfBusinessDay, syncableDates, zonedInstant, zoneOffsetAt } from './dates.js';

describe('business dates', () => {
  it('names the day in the business zone, not in UTC', () => {
    expect(businessDate(new Date('2026-06-14T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-06-15');
    expect(businessDate(new Date('2026-06-14T16:30:00Z'), 'UTC')).toBe('2026-06-14');
    expect(syncableDates(new Date('2026-03-01T01:00:00+08:00'), 'Asia/Shanghai')).toEqual(['2026-03-01', '2026-02-28']);
  });

  it('finds the instant a business day began, across zones and daylight saving', () => {
    expect(new Date(startOfBusinessDay(new Date('2026-06-15T10:00:00+08:00'), 'Asia/Shanghai')).toISOString()).toBe('2026-06-14T16:00:00.000Z');
    expect(new Date(startOfBusinessDay(new Date('2026-06-15T10:00:00Z'), 'UTC')).toISOString()).toBe('2026-06-15T00:00:00.000Z');
    expect(new Date(startOfBusinessDay(new Date('2026-07-04T12:00:00-04:00'), 'America/New_York')).toISOString()).toBe('2026-07-04T04:00:00.000Z');
    expect(new Date(startOfBusinessDay(new Date('2026-01-04T12:00:00-05:00'), 'America/New_York')).toISOString()).toBe('2026-01-04T05:00:00.000Z');
  });

  it('starts a day at its own midnight on the day a zone changes its clocks', () => {
    // New York springs forward at 02:00 on 2026-03-08 and falls back at 02:00 on 2026-11-01: by
    // the afternoon the offset is not the one midnight had.
    expect(new Date(startOfBusinessDay(new Date('2026-03-08T15:00:00-04:00'), 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfBusinessDay(new Date('2026-11-01T15:00:00-05:00'), 'America/New_York')).toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });

  it('reads a zone offset from the wall clock, to the second and with half-hour zones', () => {
    expect(zoneOffsetAt(Date.parse('2026-06-15T00:00:00.999Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
    expect(zoneOffsetAt(Date.parse('2026-06-15T16:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
    expect(zoneOffsetAt(Date.parse('2026-06-15T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(zoneOffsetAt(Date.parse('2026-01-15T12:00:00Z'), 'America/St_Johns')).toBe(-3.5 * 3_600_000);
    expect(zoneOffsetAt(Date.parse('1969-12-31T23:59:59.500Z'), 'UTC')).toBe(0);
    expect(new Date(zonedInstant('2026-06-15', '08:00', 'Asia/Shanghai')).toISOString()).toBe('2026-06-15T00:00:00.000Z');
    expect(new Date(zonedInstant('2026-06-15', '00:00', 'Asia/Shanghai')).toISOString()).toBe('2026-06-14T16:00:00.000Z');
    // Around New York's changes: just after the clocks go forward, and the half hours before and after they go back.
    expect(new Date(zonedInstant('2026-03-08', '03:30', 'America/New_York')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(zonedInstant('2026-11-01', '00:30', 'America/New_York')).toISOString()).toBe('2026-11-01T04:30:00.000Z');
    expect(new Date(zonedInstant('2026-11-01', '02:30', 'America/New_York')).toISOString()).toBe('2026-11-01T07:30:00.000Z');
  });

  it('takes the first showing of a time the clocks show twice, and reads a skipped time with the offset before the skip', () => {
    // 01:30 comes twice in New York on 2026-11-01: first in daylight time (-4), then in standard time (-5).
    expect(new Date(zonedInstant('2026-11-01', '01:30', 'America/New_York')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // 02:30 never shows on 2026-03-08 (02:00 becomes 03:00): it is 03:30 daylight time.
    expect(new Date(zonedInstant('2026-03-08', '02:30', 'America/New_York')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // Santiago skips midnight on 2026-09-06 (00:00 becomes 01:00): that day starts at 01:00, on that day.
    expect(new Date(zonedInstant('2026-09-06', '00:00', 'America/Santiago')).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(businessDate(new Date(startOfBusinessDay(new Date('2026-09-06T15:00:00Z'), 'America/Santiago')), 'America/Santiago')).toBe('2026-09-06');
  });

  it('accepts only real calendar days', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-1')).toBe(false);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
