import { describe, expect, it } from 'vitest';
import { isOpenAt, localWeekTime } from './opening-hours.js';

// 2026-06-15 is a Monday.
const weekdays = [{ weekday: 1, opens: '06:00', closes: '22:00' }];

describe('opening hours', () => {
  it('reads the weekday and the time in the business time zone, not UTC', () => {
    // 23:30 UTC on Sunday is 07:30 on Monday in Shanghai.
    expect(localWeekTime(new Date('2026-06-14T23:30:00Z'), 'Asia/Shanghai')).toEqual({ weekday: 1, time: '07:30' });
    expect(localWeekTime(new Date('2026-06-14T23:30:00Z'), 'UTC')).toEqual({ weekday: 7, time: '23:30' });
    expect(localWeekTime(new Date('2026-06-15T00:05:00+08:00'), 'Asia/Shanghai')).toEqual({ weekday: 1, time: '00:05' });
  });

  it('is open from the opening minute until the minute before closing', () => {
    const at = (time: string) => new Date(`2026-06-15T${time}:00+08:00`);
    expect(isOpenAt(weekdays, at('05:59'), 'Asia/Shanghai')).toBe(false);
    expect(isOpenAt(weekdays, at('06:00'), 'Asia/Shanghai')).toBe(true);
    expect(isOpenAt(weekdays, at('21:59'), 'Asia/Shanghai')).toBe(true);
    expect(isOpenAt(weekdays, at('22:00'), 'Asia/Shanghai')).toBe(false);
  });

  it('keeps a weekday missing from the list closed, and the same instant differs by zone', () => {
    expect(isOpenAt(weekdays, new Date('2026-06-16T10:00:00+08:00'), 'Asia/Shanghai')).toBe(false);
    expect(isOpenAt([], new Date('2026-06-15T10:00:00+08:00'), 'Asia/Shanghai')).toBe(false);
    // 10:00 on Monday in Shanghai is 04:00 in Berlin (summer time): before opening there.
    expect(isOpenAt(weekdays, new Date('2026-06-15T10:00:00+08:00'), 'Asia/Shanghai')).toBe(true);
    expect(isOpenAt(weekdays, new Date('2026-06-15T10:00:00+08:00'), 'Europe/Berlin')).toBe(false);
    // 23:00 in Shanghai is 17:00 in Berlin: closed in one, open in the other.
    expect(isOpenAt(weekdays, new Date('2026-06-15T23:00:00+08:00'), 'Asia/Shanghai')).toBe(false);
    expect(isOpenAt(weekdays, new Date('2026-06-15T23:00:00+08:00'), 'Europe/Berlin')).toBe(true);
  });

  it('allows split days: a venue closed over lunch', () => {
    const split = [{ weekday: 1, opens: '08:00', closes: '12:00' }, { weekday: 1, opens: '14:00', closes: '20:00' }];
    expect(isOpenAt(split, new Date('2026-06-15T13:00:00+08:00'), 'Asia/Shanghai')).toBe(false);
    expect(isOpenAt(split, new Date('2026-06-15T14:30:00+08:00'), 'Asia/Shanghai')).toBe(true);
  });
});
