import type { Voucher } from '@calorie-bank/shared';
import { returnStock } from '../db/offers.js';
import { runInTransaction } from '../db/transaction.js';
import { closeVoucher, findVoucher, lockVoucher } from '../db/vouchers.js';
import { notFound } from '../errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { lockPool, takeFromPool } from '../ledger/pools.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { voucherNotRedeemable } from './mark-voucher-used.js';

/**
 * Cancels an unused voucher (an operator's call, or the merchant's for their own voucher): the
 * coins go back from the merchant to the user in a reversing ledger transaction and the unit goes
 * back into stock. A used, expired or already refunded voucher cannot be refunded.
 */
export async function refundVoucher(
  context: ServiceContext,
  voucherId: string,
  by: { merchantId: string } | { operator: Operator },
): Promise<{ voucher: Voucher }> {
  const merchantId = 'merchantId' in by ? by.merchantId : undefined;
  const now = context.now().getTime();
  return runInTransaction(
    context.db,
    async (manager) => {
      const locked = await lockVoucher(manager, voucherId);
      if (!locked || (merchantId !== undefined && locked.merchantId !== merchantId)) throw notFound('This voucher');
      if (!(await closeVoucher(manager, voucherId, 'refunded', now))) throw voucherNotRedeemable((await findVoucher(manager, voucherId, now))!);
      const price = locked.priceCoins;
      // The merchant's slots are locked before the wallet's row, which the posting takes.
      const merchant = await lockPool(manager, { kind: 'merchant', ownerId: locked.merchantId });
      await postTransaction(manager, {
        idempotencyKey: `refund:${voucherId}`,
        kind: 'refund',
        memo: `券 ${voucherId} 退款`,
        postings: [
          ...takeFromPool(merchant, price),
          { account: await ensureAccount(manager, 'user_wallet', locked.userId, now), amount: price },
        ],
        now,
      });
      await returnStock(manager, locked.offerId, now);
      const voucher = (await findVoucher(manager, voucherId, now))!;
      if ('operator' in by) {
        await recordAudit(
          manager,
          by.operator,
          { action: 'voucher.refund', targetType: 'voucher', targetId: voucherId, before: { status: 'issued' }, after: { status: voucher.status, coins: price } },
          now,
        );
      }
      return { voucher };
    },
    { isolation: 'READ COMMITTED' },
  );
}
