import { describe, expect, it } from 'vitest';
import { addDays, businessDate, isCalendarDate, startOfBusinessDay, syncableDates } from './dates.js';

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

  it('accepts only real calendar days', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-1')).toBe(false);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
