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
    /** The business time zone as the hours' label names it: 北京时间 for China's, else its ID. */
    zone: (timeZone: string) => (CHINA_TIME.has(timeZone) ? '北京时间' : `${timeZone} 时间`),
  },
  en: {
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    open: 'Open',
    closed: 'Closed',
    badTime: 'Times are HH:MM (00:00–23:59)',
    closesAfterOpens: 'Closing time must be after opening time',
    zone: (timeZone: string) => (CHINA_TIME.has(timeZone) ? 'China Standard Time' : `${timeZone} time`),
  },
});
