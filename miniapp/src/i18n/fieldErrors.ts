import { WEIGHT_KG_MAX, WEIGHT_KG_MIN } from '@calorie-bank/shared/rules';
import { localized } from './messages';

interface Limits {
  min?: number;
  max?: number;
}

/** The bounds a zod message names (`>=1`, `<=80`, `at least 1`, `at most 80`), when it names any. */
export function limitsIn(message: string): Limits {
  const number = (pattern: RegExp) => {
    const found = pattern.exec(message);
    return found ? Number(found[1].replace(/_/g, '')) : undefined;
  };
  const above = number(/>\s*(\d[\d_]*)/);
  const min = number(/>=\s*(\d[\d_]*)/) ?? number(/at least (\d[\d_]*)/i) ?? (above === undefined ? undefined : above + 1);
  const below = number(/<\s*(\d[\d_]*)/);
  const max = number(/<=\s*(\d[\d_]*)/) ?? number(/at most (\d[\d_]*)/i) ?? (below === undefined ? undefined : below - 1);
  return { min, max };
}

const range = (limits: Limits, min: number, max?: number) => ({ min: limits.min ?? min, max: limits.max ?? max });

/** What to fix, from the bounds the message names and, where one field has several rules, the message itself. */
type Sentence = (limits: Limits, message: string) => string;

/** `max` is left out where forms differ in it (a title, a name) and the message did not say it. */
const zhText = (what: string, min: number, max?: number): Sentence => (limits) => {
  const r = range(limits, min, max);
  if (r.max === undefined) return r.min > 1 ? `${what}至少 ${r.min} 个字` : `请填写${what}`;
  return r.min > 0 ? `${what}需为 ${r.min}–${r.max} 个字` : `${what}最多 ${r.max} 个字`;
};
const zhWhole = (what: string, min: number, max: number, unit = ''): Sentence => (limits) => {
  const r = range(limits, min, max);
  return `${what}需在 ${r.min}–${r.max}${unit ? ` ${unit}` : ''}之间的整数`;
};
const enText = (what: string, min: number, max?: number): Sentence => (limits) => {
  const r = range(limits, min, max);
  if (r.max === undefined) return r.min > 1 ? `${what} must be at least ${r.min} characters` : `Enter the ${what.toLowerCase()}`;
  return r.min > 0 ? `${what} must be ${r.min}–${r.max} characters` : `${what} can be at most ${r.max} characters`;
};
const enWhole = (what: string, min: number, max: number, unit = ''): Sentence => (limits) => {
  const r = range(limits, min, max);
  return `${what} must be a whole number from ${r.min} to ${r.max}${unit ? ` ${unit}` : ''}`;
};

/**
 * A field without a sentence of its own: the usual zod and BFF messages said in Chinese, so that no
 * English reaches a Chinese screen, and a plain request to check the field otherwise.
 */
/** The messages of `lineOfText` and `blockOfText` about characters that would not show as sent. */
const UNSHOWABLE = /control characters|direction marks|character that shows/;

function zhUnknown(message: string): string {
  const { min, max } = limitsIn(message);
  if (/expected (number|int)/.test(message) && max !== undefined && /Too big/.test(message)) return `不能大于 ${max}`;
  if (/expected (number|int)/.test(message) && min !== undefined && /Too small/.test(message)) return `不能小于 ${min}`;
  if (/expected (number|int|integer), received/.test(message)) return '请填写整数';
  if (/expected string to have/.test(message) && max !== undefined && /Too big/.test(message)) return `最多 ${max} 个字`;
  if (/expected string to have/.test(message)) return '请填写这一项';
  if (/datetime|must be between|calendar date/i.test(message)) return '日期或时间无效，请重新选择';
  if (/Invalid option|expected one of/.test(message)) return '请从给出的选项中选择';
  if (/must not be zero/.test(message)) return '不能为 0';
  return '请检查这一项';
}

const sentences = localized<{ fields: Record<string, Sentence>; unknown: (english: string) => string; unshowable: string }>({
  zh: {
    fields: {
      weightKg: () => `体重需在 ${WEIGHT_KG_MIN}–${WEIGHT_KG_MAX} 公斤之间的整数`,
      nickname: zhText('昵称', 1, 32),
      username: zhText('用户名', 1, 64),
      password: (limits) => (limits.min && limits.min > 1 ? `密码至少 ${limits.min} 个字符` : '请填写密码'),
      name: zhText('名称', 1),
      title: zhText('标题', 1),
      description: zhText('说明', 0, 1000),
      place: zhText('地点', 1, 120),
      imageUrl: () => '图片地址无效，请重新上传图片',
      startsAt: () => '开始时间无效，请选择日期和时间',
      endsAt: () => '结束时间需晚于开始时间',
      date: () => '日期无效，请按 年-月-日 选择日期',
      validDays: () => '有效期需为正整数天数，且结束日期晚于开始日期',
      voucherDays: () => '券的有效天数需为 1–366 之间的整数',
      capacity: zhWhole('容量', 1, 10_000, '人'),
      priceCoins: () => '价格需为正整数',
      totalStock: zhWhole('库存', 1, 1_000_000, '件'),
      perUserLimit: zhWhole('每人限兑', 1, 100, '件'),
      longestStayMinutes: zhWhole('最长停留', 10, 720, '分钟'),
      pricePerPeriod: zhWhole('每时段价格', 0, 100_000, '金币'),
      cancelDeadlineMinutes: zhWhole('取消截止', 0, 10_080, '分钟'),
      multiplierPercent: zhWhole('倍率', 100, 1000, '%'),
      startDate: () => '开始日期无效，请选择日期',
      endDate: (_, message) => (/has passed/.test(message) ? '结束日期已过：最早只能选昨天' : '结束日期需不早于开始日期'),
      budgetCoins: zhWhole('预算', 1, 100_000_000, '金币'),
      amount: (_, message) => (/must not be zero/.test(message) ? '调整金额不能为 0' : '调整金额需在 -1000000–1000000 之间的整数，且不为 0'),
      reason: zhText('原因', 1, 255),
      editionSize: zhWhole('发行数量', 1, 100_000, '份'),
      visibleFrom: () => '上线时间无效，请重新选择',
      visibleUntil: () => '下线时间需晚于上线时间',
      communityIds: (limits) => `最多选 ${limits.max ?? 20} 个社群`,
      thresholds: () => `步数门槛最多 5 档，步数和金币需在 1–100000 之间的整数`,
      prizes: () => `名次奖励最多 10 个，每个需在 1–100000 金币之间的整数`,
      workoutThresholds: () => '运动门槛最多 5 档，金币需在 1–100000 之间的整数，且活动对象需包含运动',
      target: () => '请选择活动对象：步数、运动或两者',
      address: zhText('地址', 1, 255),
      merchantId: () => '商户 ID 是一串数字，例如 3',
      openingHours: () => '营业时间需为 HH:MM，且打烊晚于开门',
    },
    unknown: zhUnknown,
    unshowable: '不能含控制字符、方向标记，也不能只有空格或不可见字符',
  },
  en: {
    fields: {
      weightKg: () => `Weight must be a whole number from ${WEIGHT_KG_MIN} to ${WEIGHT_KG_MAX} kg`,
      nickname: enText('Nickname', 1, 32),
      username: enText('Username', 1, 64),
      password: (limits) => (limits.min && limits.min > 1 ? `Password must be at least ${limits.min} characters` : 'Enter the password'),
      name: enText('Name', 1),
      title: enText('Title', 1),
      description: enText('Description', 0, 1000),
      place: enText('Place', 1, 120),
      imageUrl: () => 'The image address is not valid; upload the image again',
      startsAt: () => 'The start time is not valid; choose a date and time',
      endsAt: () => 'The end must be after the start',
      date: () => 'The date is not valid; choose a date as year-month-day',
      validDays: () => 'The validity must be a positive number of days, ending after it starts',
      voucherDays: () => 'Voucher days must be a whole number from 1 to 366',
      capacity: enWhole('Capacity', 1, 10_000, 'people'),
      priceCoins: () => 'The price must be a positive whole number',
      totalStock: enWhole('Stock', 1, 1_000_000),
      perUserLimit: enWhole('The limit per person', 1, 100),
      longestStayMinutes: enWhole('The longest stay', 10, 720, 'minutes'),
      pricePerPeriod: enWhole('The price per period', 0, 100_000, 'coins'),
      cancelDeadlineMinutes: enWhole('The cancel deadline', 0, 10_080, 'minutes'),
      multiplierPercent: enWhole('The multiplier', 100, 1000, '%'),
      startDate: () => 'The start date is not valid; choose a date',
      endDate: (_, message) => (/has passed/.test(message) ? 'The end date has passed: yesterday is the earliest' : 'The end date must not be before the start date'),
      budgetCoins: enWhole('The budget', 1, 100_000_000, 'coins'),
      amount: (_, message) => (/must not be zero/.test(message) ? 'The amount must not be zero' : 'The amount must be a whole number from -1000000 to 1000000, not zero'),
      reason: enText('The reason', 1, 255),
      editionSize: enWhole('The edition size', 1, 100_000),
      visibleFrom: () => 'The publishing time is not valid; choose it again',
      visibleUntil: () => 'The end must be after the publishing time',
      communityIds: (limits) => `Choose at most ${limits.max ?? 20} communities`,
      thresholds: () => 'At most 5 step thresholds, with steps and coins whole numbers from 1 to 100000',
      prizes: () => 'At most 10 place prizes, each a whole number of coins from 1 to 100000',
      workoutThresholds: () => 'At most 5 workout thresholds, coins whole numbers from 1 to 100000, and a target that includes workouts',
      target: () => 'Choose what the campaign counts: steps, workouts or both',
      address: enText('The address', 1, 255),
      merchantId: () => 'A merchant ID is a number, such as 3',
      openingHours: () => 'Opening hours are HH:MM, closing after opening',
    },
    unknown: (english) => `Check this field (${english})`,
    unshowable: 'Must not hold control characters or direction marks, nor only spaces or invisible characters',
  },
});

/** Whether `field` has its own sentence, one that names the field. */
export function hasSentence(field: string): boolean {
  return Object.prototype.hasOwnProperty.call(sentences.fields, field);
}

/** A sentence saying what to fix in `field`, from the BFF's (English, zod) `message` about it. */
export function fieldSentence(field: string, message: string): string {
  // A refused character is never a matter of length, whatever the field's own sentence says.
  if (UNSHOWABLE.test(message)) return sentences.unshowable;
  const sentence = hasSentence(field) ? sentences.fields[field] : undefined;
  return sentence ? sentence(limitsIn(message), message) : sentences.unknown(message);
}
