import { count } from '../../i18n/format';
import { localized } from '../../i18n/messages';
import { h } from '../../i18n/opening-hours';
import type { StatsAnswer } from './api';

type VenueFigures = StatsAnswer['venues'];

const zh = {
  status: { pending: '待审核', live: '已上线', rejected: '已驳回', draft: '草稿' } as Record<string, string>,
  none: '没有这个状态的场馆',
  approve: '通过',
  reject: '驳回',
  reason: '驳回原因',
  approved: (name: string) => `已上线「${name}」`,
  rejected: (name: string) => `已驳回「${name}」`,
  rejectReason: (reason: string) => `驳回原因：${reason}`,
  facility: (name: string, activity: string, kind: string, capacity: number, price: string) => `${name} · ${activity} · ${kind} · 容量 ${capacity}${price}`,
  walkIn: '随到随玩',
  booking: '预约',
  perHalfHour: (coins: number) => ` · ${coins} 金币/半小时`,
  noFacilities: '还没有场地',
  reasonRequired: '请填写驳回原因',
  /** Three or more weekdays in a row, as one run. */
  merchant: (name: string, id: string) => `${name}（商户 ID ${id}）`,
  figures: '场馆',
  figureLines: (v: VenueFigures) => [`入场 ${v.visits} 人次 · 预约 ${v.bookings} 单`, `场地费 ${v.fees} · 预约收入 ${v.bookingCoins} 金币`, `运动金币 ${v.workoutCoins}`],
  newVenue: '新建场馆',
  closeForm: '收起',
  merchantField: '商户',
  searchMerchants: '按商户名称或登录名搜索（留空列出全部）',
  merchantLogin: (username: string | null, id: string) => (username ? `登录名 ${username} · 商户 ID ${id}` : `商户 ID ${id}`),
  noMerchants: '还没有商户',
  noMerchantMatches: (q: string) => `没有名称或登录名含「${q}」的商户`,
  changeMerchant: '更换',
  merchantRequired: '请选择商户',
  fixAbove: '请先修改上方标红的内容',
  noMerchant: '没有这个商户，请重新选择',
  name: '场馆名称（最多 80 字）',
  nameRequired: '请填写场馆名称',
  address: '地址（最多 255 字）',
  addressRequired: '请填写地址',
  tooLong: (max: number) => `最多 ${max} 个字`,
  openingHours: (timeZone: string) => `营业时间（${h.zone(timeZone)}；散客只在营业时间内入场；商家之后可以修改）`,
  create: '创建草稿场馆',
  created: (name: string) => `已创建草稿场馆「${name}」`,
  draftNext: '新场馆是草稿：商家在商家后台为它添加场地并提交审核，审核通过后上线。',
};

type VenueMessages = typeof zh;

const en: VenueMessages = {
  status: { pending: 'Pending', live: 'Live', rejected: 'Rejected', draft: 'Draft' },
  none: 'No venues in this state',
  approve: 'Approve',
  reject: 'Reject',
  reason: 'Reason for rejecting',
  approved: (name) => `“${name}” is live`,
  rejected: (name) => `“${name}” was sent back`,
  rejectReason: (reason) => `Rejected: ${reason}`,
  facility: (name, activity, kind, capacity, price) => `${name} · ${activity} · ${kind} · capacity ${capacity}${price}`,
  walkIn: 'walk-in',
  booking: 'booking',
  perHalfHour: (coins) => ` · ${coins} coins per half hour`,
  noFacilities: 'No facilities yet',
  reasonRequired: 'Give the reason for rejecting',
  merchant: (name, id) => `${name} (merchant ID ${id})`,
  figures: 'Venues',
  figureLines: (v) => [`${count(v.visits, 'visit')} · ${count(v.bookings, 'booking')}`, `${v.fees} in fees · ${v.bookingCoins} coins in bookings`, `${v.workoutCoins} workout coins`],
  newVenue: 'New venue',
  closeForm: 'Close',
  merchantField: 'Merchant',
  searchMerchants: 'Search merchants by name or login (empty lists them all)',
  merchantLogin: (username, id) => (username ? `login ${username} · merchant ID ${id}` : `merchant ID ${id}`),
  noMerchants: 'No merchants yet',
  noMerchantMatches: (q) => `No merchant's name or login contains “${q}”`,
  changeMerchant: 'Change',
  merchantRequired: 'Choose a merchant',
  fixAbove: 'Correct the fields marked in red above first',
  noMerchant: 'This merchant no longer exists; choose another',
  name: 'Venue name (up to 80 characters)',
  nameRequired: 'Enter the venue name',
  address: 'Address (up to 255 characters)',
  addressRequired: 'Enter the address',
  tooLong: (max) => `At most ${max} characters`,
  openingHours: (timeZone) => `Opening hours (${h.zone(timeZone)}; walk-ins are let in only while open; the merchant can change them later)`,
  create: 'Create draft venue',
  created: (name) => `Created the draft venue “${name}”`,
  draftNext: 'The new venue is a draft: the merchant adds its facilities in the merchant console and submits it for review; it goes live once approved.',
};

/** Strings of the operators' venues section: the review queue and the new-venue form. */
export const v = localized({ zh, en });
