import { localized } from '../../../../i18n/messages';

const zh = {
  noVenues: '还没有场馆：请联系运营开通',
  notLive: '场馆未上线，用户暂时无法入场',
  facility: '场地',
  passCode: '用户入场码',
  passPlaceholder: '扫码或输入入场码',
  enter: '入场',
  exit: '离场',
  scan: '扫码',
  entered: (nickname: string, hold: number) => (hold > 0 ? `已入场：${nickname}，冻结 ${hold} 金币` : `已入场：${nickname}（已预约）`),
  left: '已离场',
  minutes: (n: number) => `${n} 分钟`,
  insideNow: '在场的人',
  nobodyInside: '现在没有人在场',
  letOut: '离场',
  since: (time: string) => `${time} 入场`,
  minutesInside: (minutes: number) => `已 ${minutes} 分钟`,
  updatedAt: (time: string) => `更新于 ${time}`,
  inside: (inside: number, capacity: number) => `${inside} / ${capacity}`,
  full: '已满',
  places: (n: number) => `还可进 ${n} 人`,
  openLive: '实时大屏',
  venueStatus: { draft: '草稿', pending: '审核中', live: '已上线', rejected: '已驳回' } as Record<string, string>,
};

type GateMessages = typeof zh;

const en: GateMessages = {
  noVenues: 'No venues yet: ask operations to open one',
  notLive: 'This venue is not live: users cannot enter yet',
  facility: 'Facility',
  passCode: "User's entry code",
  passPlaceholder: 'Scan or type the entry code',
  enter: 'Let in',
  exit: 'Let out',
  scan: 'Scan',
  entered: (nickname, hold) => (hold > 0 ? `In: ${nickname}, ${hold} coins held` : `In: ${nickname} (booked)`),
  left: 'Out',
  minutes: (n) => `${n} min`,
  insideNow: 'Inside now',
  nobodyInside: 'Nobody inside',
  letOut: 'Let out',
  since: (time) => `in since ${time}`,
  minutesInside: (minutes) => `${minutes} min`,
  updatedAt: (time) => `Updated ${time}`,
  inside: (inside, capacity) => `${inside} / ${capacity}`,
  full: 'Full',
  places: (n) => `${n} more can enter`,
  openLive: 'Live screen',
  venueStatus: { draft: 'Draft', pending: 'In review', live: 'Live', rejected: 'Rejected' },
};

export const g = localized({ zh, en });
