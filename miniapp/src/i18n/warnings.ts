import { localized } from './messages';

/** What the mini-program says about the operators' warnings and a frozen account. */
export const w = localized({
  zh: {
    title: '运营提醒',
    intro: '你发布的内容违反了社区规范，收到了以下警告：',
    line: (date: string, reason: string) => `${date}：${reason}`,
    dismiss: '我知道了',
    frozen: '你的账户已被冻结，暂时不能发动态、评论或点赞。如有疑问请联系客服。',
    failed: '运营提醒没能加载，点这里重试',
  },
  en: {
    title: 'From the operators',
    intro: 'Something you posted broke the community rules, and you were warned:',
    line: (date: string, reason: string) => `${date}: ${reason}`,
    dismiss: 'Got it',
    frozen: 'Your account is frozen: you cannot post, comment or like for now. Contact support if you think this is wrong.',
    failed: 'Could not load notices from the operators: tap to retry',
  },
});
