import type { ErrorCode } from '@calorie-bank/shared/errors';

/** Chinese first; English for users whose system language is English. */
const zh = {
  appName: '卡路里银行',
  loading: '加载中…',
  retry: '重试',
  signingIn: '正在登录…',
  todaySteps: '今日步数',
  goalSteps: '目标 10,000 步',
  calories: '消耗热量',
  kcal: '千卡',
  coinsToday: '今日金币',
  dailyCap: '每日上限',
  balance: '金币余额',
  sync: '同步今日步数',
  syncing: '同步中…',
  syncWhy: '同步时我们会请求读取你的运动步数，只用于把步数换成金币和排行。',
  syncPreview: (coins: number) => (coins > 0 ? `同步后预计可得 ${coins} 金币` : '今日金币已全部领取'),
  synced: (credited: number) => (credited > 0 ? `到账 ${credited} 金币` : '步数已是最新，没有新的金币'),
  rank: (rank: number) => `今日第 ${rank} 名`,
  stepDenied: '你拒绝了运动数据授权。需要同步时，再点一次按钮即可重新授权。',
  stepUnavailable: '没有读到运动数据：请先在手机中开启运动/计步功能，然后重试。',
  network: '网络不太好，请检查网络后重试。',
  unknownError: '出了点问题，请稍后再试。',
  ranksToday: '今天',
  ranksYesterday: '昨天',
  myRank: '我的排名',
  notRanked: '还没有上榜，去同步步数吧',
  emptyBoard: '还没有人上榜',
  steps: '步',
  mallSoon: '商城即将开放：用金币兑换优惠券、商品和场馆时段。',
  me: '我的',
  walletHistory: '金币明细',
  noHistory: '还没有金币记录',
  loadMore: '加载更多',
  noMore: '没有更多了',
  weight: '体重（公斤）',
  weightHint: '用于计算消耗热量：热量 = 步数 × 体重 × 5 ÷ 10000',
  save: '保存',
  saved: '已保存',
  authStatus: '运动数据授权',
  authGranted: '已授权',
  authUnknown: '同步时会请求授权',
  signOut: '退出登录',
  signedOut: '已退出',
  sandboxPanel: '沙箱模拟器（浏览器演示）',
  sandboxSteps: '模拟手机步数',
  sandboxUser: '沙箱用户',
  sandboxForge: '模拟篡改数据',
  kinds: { step_reward: '步数奖励', campaign_bonus: '活动奖励', redemption: '兑换', refund: '退款', adjustment: '调整' } as Record<string, string>,
};

type Messages = typeof zh;

const en: Messages = {
  ...zh,
  appName: 'Calorie Bank',
  loading: 'Loading…',
  retry: 'Retry',
  signingIn: 'Signing in…',
  todaySteps: "Today's steps",
  goalSteps: 'Goal 10,000 steps',
  calories: 'Calories',
  kcal: 'kcal',
  coinsToday: 'Coins today',
  dailyCap: 'Daily cap',
  balance: 'Balance',
  sync: "Sync today's steps",
  syncing: 'Syncing…',
  syncWhy: 'Syncing asks to read your step count, used only to turn steps into coins and ranks.',
  syncPreview: (coins) => (coins > 0 ? `A sync would add about ${coins} coins` : "Today's coins are all collected"),
  synced: (credited) => (credited > 0 ? `+${credited} coins` : 'Already up to date'),
  rank: (rank) => `#${rank} today`,
  stepDenied: 'You declined access to your steps. Tap sync again to grant it.',
  stepUnavailable: "No step data: turn on your phone's step counting, then retry.",
  network: 'The network is unreachable; check it and retry.',
  unknownError: 'Something went wrong; please try again.',
  ranksToday: 'Today',
  ranksYesterday: 'Yesterday',
  myRank: 'My rank',
  notRanked: 'Not on the board yet: sync your steps',
  emptyBoard: 'Nobody on the board yet',
  steps: 'steps',
  mallSoon: 'The mall opens soon: spend coins on coupons, products and venue sessions.',
  me: 'Me',
  walletHistory: 'Coin history',
  noHistory: 'No coins yet',
  loadMore: 'Load more',
  noMore: 'No more',
  weight: 'Weight (kg)',
  weightHint: 'Used for calories: kcal = steps × weight × 5 ÷ 10000',
  save: 'Save',
  saved: 'Saved',
  authStatus: 'Step access',
  authGranted: 'Granted',
  authUnknown: 'Asked when you sync',
  signOut: 'Sign out',
  signedOut: 'Signed out',
  sandboxPanel: 'Sandbox simulator (browser demo)',
  sandboxSteps: 'Simulated phone steps',
  sandboxUser: 'Sandbox user',
  sandboxForge: 'Forge the data',
  kinds: { step_reward: 'Step reward', campaign_bonus: 'Campaign bonus', redemption: 'Redemption', refund: 'Refund', adjustment: 'Adjustment' },
};

function systemLanguage(): string {
  try {
    return typeof navigator !== 'undefined' ? navigator.language : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

const english = /^en\b/i.test(systemLanguage());

export const t: Messages = english ? en : zh;

const ZH_ERRORS: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: '请求有误，请更新小程序后重试。',
  PLATFORM_SIGNATURE_INVALID: '运动数据校验失败：数据不是来自平台，或已被篡改。',
  PLATFORM_PAYLOAD_INVALID: '运动数据无法识别，请重新同步。',
  AUTH_REQUIRED: '请先登录。',
  AUTH_INVALID: '登录已过期，请重新登录。',
  USER_FROZEN: '账户已被冻结，请联系客服。',
  STEP_DATE_OUT_OF_WINDOW: '只能同步今天和昨天的步数。',
  STEPS_IMPLAUSIBLE: '这一天的步数超出合理范围，未能入账。',
  RATE_LIMITED: '操作太频繁，请稍后再试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试。',
  INTERNAL: '服务器开小差了，请稍后再试。',
};

const EN_ERRORS: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request was not understood; update the mini-program and retry.',
  PLATFORM_SIGNATURE_INVALID: 'The step data failed its check: it did not come from the platform, or was altered.',
  PLATFORM_PAYLOAD_INVALID: 'The step data could not be read; sync again.',
  AUTH_REQUIRED: 'Please sign in.',
  AUTH_INVALID: 'Your session expired; sign in again.',
  USER_FROZEN: 'This account is frozen; contact support.',
  STEP_DATE_OUT_OF_WINDOW: "Only today's and yesterday's steps can be synced.",
  STEPS_IMPLAUSIBLE: "That day's count is beyond belief and was not credited.",
  RATE_LIMITED: 'Too many tries; wait a moment.',
  SERVICE_UNAVAILABLE: 'The service is briefly unavailable; try again soon.',
  INTERNAL: 'Something went wrong on our side; try again soon.',
};

/** What to tell the user for each contract error code. */
export const ERROR_MESSAGES = english ? EN_ERRORS : ZH_ERRORS;
