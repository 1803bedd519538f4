import type { OpeningHours } from '../components/OpeningHoursEditor';
import { localized } from './messages';

/** Zones that keep China Standard Time, named as users in China know it. */
const CHINA_TIME = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Harbin', 'PRC']);

/** What the opening-hours rows say: the weekdays (Monday first), open or closed, and a day's mistakes. */
export const h = localized({
  zh: {
    weekday: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    open: '营业',
    closed: '休息',
    badTime: '时间格式为 HH:MM（00:00–23:59）',
    closesAfterOpens: '打烊时间需晚于开门时间',
    noHours: '未设营业时间',
    everyDay: '每天',
    dayRun: (first: string, last: string) => `${first}至${last}`,
    dayJoin: '、',
    groupJoin: '；',
    /** The business time zone as the hours' label names it: 北京时间 for China's, else its ID. */
    zone: (timeZone: string) => (CHINA_TIME.has(timeZone) ? '北京时间' : `${timeZone} 时间`),
  },
  en: {
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    open: 'Open',
    closed: 'Closed',
    badTime: 'Times are HH:MM (00:00–23:59)',
    closesAfterOpens: 'Closing time must be after opening time',
    noHours: 'No opening hours yet',
    everyDay: 'Every day',
    dayRun: (first: string, last: string) => `${first}–${last}`,
    dayJoin: ', ',
    groupJoin: '; ',
    zone: (timeZone: string) => (CHINA_TIME.has(timeZone) ? 'China Standard Time' : `${timeZone} time`),
  },
});

/**
 * Opening hours in a line, as a notice board writes them: weekdays in a row with the same hours
 * as one run (周一至周五 07:00–22:00), and 每天 when all seven share them. Closed days are left out.
 */
export function hoursLine(hours: OpeningHours): string {
  if (hours.length === 0) return h.noHours;
  const byDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) =>
    hours
      .filter((span) => span.weekday === weekday)
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map((span) => `${span.opens}–${span.closes}`)
      .join(h.dayJoin),
  );
  if (byDay.every((spans) => spans && spans === byDay[0])) return `${h.everyDay} ${byDay[0]}`;
  const groups: { first: number; last: number; spans: string }[] = [];
  byDay.forEach((spans, index) => {
    const previous = groups[groups.length - 1];
    if (!spans) return;
    if (previous && previous.last === index - 1 && previous.spans === spans) previous.last = index;
    else groups.push({ first: index, last: index, spans });
  });
  const days = ({ first, last }: { first: number; last: number }) => {
    if (first === last) return h.weekday[first];
    if (last === first + 1) return `${h.weekday[first]}${h.dayJoin}${h.weekday[last]}`;
    return h.dayRun(h.weekday[first], h.weekday[last]);
  };
  return groups.map((group) => `${days(group)} ${group.spans}`).join(h.groupJoin);
}
