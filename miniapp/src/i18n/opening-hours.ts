import { localized } from './messages';

/** What the opening-hours rows say: the weekdays (Monday first), open or closed, and a day's mistakes. */
export const h = localized({
  zh: {
    weekday: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    open: '营业',
    closed: '休息',
    badTime: '时间格式为 HH:MM（00:00–23:59）',
    closesAfterOpens: '打烊时间需晚于开门时间',
  },
  en: {
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    open: 'Open',
    closed: 'Closed',
    badTime: 'Times are HH:MM (00:00–23:59)',
    closesAfterOpens: 'Closing time must be after opening time',
  },
});
