import { dateAndTime } from '../../i18n/clock';
import { localized } from '../../i18n/messages';
import { h } from '../../i18n/opening-hours';
import { zonedInstant } from './zoned-time';

/** Strings of the operators' communities and events section. */
export const e = localized({
  zh: {
    communities: '社群',
    newCommunity: '新建社群',
    communityName: '社群名称',
    category: '类别',
    categories: { hiking: '徒步', cycling: '骑行', running: '跑步', walking: '健走', badminton: '羽毛球', other: '其他' } as Record<string, string>,
    createCommunity: '创建社群',
    communityCreated: (name: string) => `已创建社群「${name}」`,
    noCommunities: '还没有社群，先新建一个',
    newEvent: '新建活动场次',
    closeForm: '收起',
    title: '活动名称',
    place: '地点',
    startsAt: (timeZone: string) => `开始时间（${h.zone(timeZone)}，YYYY-MM-DD HH:mm）`,
    endsAt: (timeZone: string) => `结束时间（${h.zone(timeZone)}，YYYY-MM-DD HH:mm）`,
    capacity: '名额',
    create: '创建',
    save: '保存修改',
    created: (title: string) => `已创建「${title}」`,
    saved: (title: string) => `已保存「${title}」`,
    badTime: '时间格式为 YYYY-MM-DD HH:mm，结束要晚于开始',
    badCapacity: '名额为正整数',
    noEvents: '这个社群还没有活动',
    places: (taken: number, capacity: number) => `名额 ${taken}/${capacity}`,
    status: { scheduled: '已安排', cancelled: '已取消' } as Record<string, string>,
    showCode: '签到码',
    hideCode: '收起签到码',
    codeHint: '在活动现场展示，成员输入 6 位数字或扫码签到',
    signups: '报名名单',
    noSignups: '还没有人报名',
    signupStatus: { signed_up: '已报名', checked_in: '已签到', cancelled: '已取消' } as Record<string, string>,
    edit: '编辑',
    cancel: '取消活动',
    cancelReason: '取消原因（必填，会通知成员）',
    confirmCancel: '确认取消',
    reasonRequired: '请填写取消原因',
    cancelled: (title: string) => `已取消「${title}」`,
    checkinWindow: (opens: string, closes: string) => `签到 ${opens} – ${closes}`,
  },
  en: {
    communities: 'Communities',
    newCommunity: 'New community',
    communityName: 'Name',
    category: 'Category',
    categories: { hiking: 'Hiking', cycling: 'Cycling', running: 'Running', walking: 'Walking', badminton: 'Badminton', other: 'Other' } as Record<string, string>,
    createCommunity: 'Create community',
    communityCreated: (name: string) => `Created ${name}`,
    noCommunities: 'No communities yet: create one first',
    newEvent: 'New event',
    closeForm: 'Close',
    title: 'Title',
    place: 'Place',
    startsAt: (timeZone: string) => `Starts (${h.zone(timeZone)}; YYYY-MM-DD HH:mm)`,
    endsAt: (timeZone: string) => `Ends (${h.zone(timeZone)}; YYYY-MM-DD HH:mm)`,
    capacity: 'Places',
    create: 'Create',
    save: 'Save changes',
    created: (title: string) => `Created ${title}`,
    saved: (title: string) => `Saved ${title}`,
    badTime: 'Times are YYYY-MM-DD HH:mm, and the end comes after the start',
    badCapacity: 'Places is a whole number above 0',
    noEvents: 'No events in this community yet',
    places: (taken: number, capacity: number) => `${taken}/${capacity} places`,
    status: { scheduled: 'Scheduled', cancelled: 'Cancelled' } as Record<string, string>,
    showCode: 'Check-in code',
    hideCode: 'Hide code',
    codeHint: 'Show it at the event: members type the 6 digits or scan it',
    signups: 'Sign-ups',
    noSignups: 'Nobody signed up yet',
    signupStatus: { signed_up: 'Signed up', checked_in: 'Checked in', cancelled: 'Cancelled' } as Record<string, string>,
    edit: 'Edit',
    cancel: 'Cancel event',
    cancelReason: 'Reason (required; members are told)',
    confirmCancel: 'Confirm cancel',
    reasonRequired: 'Give the reason for cancelling',
    cancelled: (title: string) => `Cancelled ${title}`,
    checkinWindow: (opens: string, closes: string) => `Check-in ${opens} – ${closes}`,
  },
});

/**
 * An instant as the operator reads and types it: `YYYY-MM-DD HH:mm` on the business clock, so that
 * an operator whose computer keeps another zone still sees (and saves) the event's own time.
 */
export function businessTime(iso: string, timeZone: string): string {
  return dateAndTime(iso, timeZone);
}

/** A typed `YYYY-MM-DD HH:mm` on `timeZone`'s clock as an ISO instant, or null when it is not one. */
export function parseBusinessTime(text: string, timeZone: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(text.trim());
  return match ? zonedInstant(match[1], match[2], timeZone) : null;
}
