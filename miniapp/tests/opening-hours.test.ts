import { describe, expect, it } from 'vitest';
import { dayErrors, daysOf, emptyDays, openingHoursOf } from '../src/components/OpeningHoursEditor';
import { h, hoursLine } from '../src/i18n/opening-hours';

describe('the opening-hours rows', () => {
  it('start as seven closed days, and from stored hours keep the first span of a weekday that has two', () => {
    expect(emptyDays()).toHaveLength(7);
    expect(emptyDays().every((day) => !day.open)).toBe(true);
    const days = daysOf([
      { weekday: 2, opens: '14:00', closes: '22:00' },
      { weekday: 2, opens: '07:00', closes: '12:00' },
      { weekday: 7, opens: '09:00', closes: '18:00' },
    ]);
    expect(days.map((day) => day.open)).toEqual([false, true, false, false, false, false, true]);
    expect(days[1]).toEqual({ open: true, opens: '14:00', closes: '22:00' });
  });

  it('say what is wrong with each open day only, reading its times trimmed', () => {
    const days = emptyDays();
    days[0] = { open: true, opens: ' 07:00 ', closes: '21:30 ' };
    days[1] = { open: true, opens: '7点', closes: '22:00' };
    days[2] = { open: true, opens: '22:00', closes: '22:00' };
    days[3] = { open: false, opens: 'never', closes: '' };
    expect(dayErrors(days)).toEqual({ day1: '时间格式为 HH:MM（00:00–23:59）', day2: '打烊时间需晚于开门时间' });
  });

  it('become the open days with their ISO weekdays and trimmed times', () => {
    const days = emptyDays();
    days[0] = { open: true, opens: ' 07:00', closes: '21:30 ' };
    days[5].open = true;
    expect(openingHoursOf(days)).toEqual([
      { weekday: 1, opens: '07:00', closes: '21:30' },
      { weekday: 6, opens: '08:00', closes: '22:00' },
    ]);
  });

  it('name China\'s time zone as users there know it, and any other by its ID', () => {
    expect(h.zone('Asia/Shanghai')).toBe('北京时间');
    expect(h.zone('PRC')).toBe('北京时间');
    expect(h.zone('Asia/Urumqi')).toBe('Asia/Urumqi 时间');
    expect(h.zone('Europe/Berlin')).toBe('Europe/Berlin 时间');
  });

  it('are written in a line as a notice board writes them: runs of days with the same hours, 每天 for all seven', () => {
    const span = (weekday: number, opens = '07:00', closes = '22:00') => ({ weekday, opens, closes });
    expect(hoursLine([1, 2, 3, 4, 5, 6, 7].map((day) => span(day)))).toBe('每天 07:00–22:00');
    expect(hoursLine([...[1, 2, 3, 4, 5].map((day) => span(day)), span(6, '08:00', '20:00')])).toBe('周一至周五 07:00–22:00；周六 08:00–20:00');
    expect(hoursLine([span(1), span(2), span(4, '14:00', '18:00'), span(4, '08:00', '12:00')])).toBe('周一、周二 07:00–22:00；周四 08:00–12:00、14:00–18:00');
    expect(hoursLine([])).toBe('未设营业时间');
  });
});
