import { localized } from '../../../../i18n/messages';

const zh = {
  keep: '再想想',
  refundQuestion: (offer: string) => `给这张「${offer}」券退款？券会作废，金币退回用户，退款后不能撤销。`,
  confirmRefund: '确认退款',
  statsFailed: (why: string) => `今日数据没有读到：${why}`,
  vouchersFailed: (why: string) => `今日兑换没有读到：${why}`,
};

type ConsoleMessages = typeof zh;

const en: ConsoleMessages = {
  keep: 'Not now',
  refundQuestion: (offer) => `Refund this “${offer}” voucher? It is cancelled and the coins go back to the user; a refund cannot be undone.`,
  confirmRefund: 'Refund',
  statsFailed: (why) => `Today's figures did not load: ${why}`,
  vouchersFailed: (why) => `Today's redemptions did not load: ${why}`,
};

/** Strings of the merchant's console that the app-wide messages do not have. */
export const mc = localized({ zh, en });
