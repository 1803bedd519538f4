import type { Voucher } from '@calorie-bank/shared';
import { runInTransaction } from '../db/transaction.js';
import { closeVoucher, findVoucher, voucherByCode } from '../db/vouchers.js';
import { AppError, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

/** The refusal for a voucher that is no longer issued, naming what it is now. */
export function voucherNotRedeemable(voucher: Voucher): AppError {
  return new AppError('VOUCHER_NOT_REDEEMABLE', `This voucher is ${voucher.status}`, { details: { status: voucher.status } });
}

/**
 * A merchant marks a voucher used at the counter. One conditional UPDATE decides: only an issued,
 * unexpired voucher of this merchant becomes used, so two counters marking one code cannot both
 * win. Another merchant's code is answered as not found, telling them nothing about it.
 */
export async function markVoucherUsed(context: ServiceContext, merchantId: string, code: string): Promise<{ voucher: Voucher }> {
  const now = context.now().getTime();
  const normalized = code.toUpperCase().replace(/[\s-]/g, '');
  return runInTransaction(context.db, async (manager) => {
    const found = await voucherByCode(manager, normalized);
    if (!found || found.merchantId !== merchantId) throw notFound('This voucher');
    const used = await closeVoucher(manager, found.id, 'used', now);
    const voucher = (await findVoucher(manager, found.id, now))!;
    if (!used) throw voucherNotRedeemable(voucher);
    return { voucher };
  });
}
