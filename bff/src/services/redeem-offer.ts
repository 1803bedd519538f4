import { randomBytes } from 'node:crypto';
import type { RedeemRequest, RedeemResponse } from '@calorie-bank/shared';
import { findOffer, takeStock } from '../db/offers.js';
import { runInTransaction } from '../db/transaction.js';
import { lockUser } from '../db/users.js';
import { countHeldVouchers, insertVoucher } from '../db/vouchers.js';
import { AppError, authInvalid, notFound, userFrozen } from '../errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { slotForCredit } from '../ledger/pools.js';
import type { ServiceContext } from './context.js';
import { answerOnce, userScope } from './idempotency.js';

/** 16 characters from an alphabet without look-alikes: 80 random bits, read aloud or typed at a counter. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function voucherCode(): string {
  const bytes = randomBytes(16);
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/**
 * What an Idempotency-Key is bound to: the offer and the parsed body, its fields in a fixed order,
 * with no body and `{}` alike (written as `null`, as requests stored before the body was parsed were).
 */
function redeemContent(offerId: string, body: RedeemRequest): string {
  const names = Object.keys(body ?? {}).sort();
  const fields = body && names.length > 0 ? JSON.stringify(Object.fromEntries(names.map((name) => [name, body[name]]))) : 'null';
  return `offer:${offerId}:${fields}`;
}

const unavailable = () => new AppError('OFFER_NOT_AVAILABLE', 'This offer cannot be redeemed now');
const soldOut = () => new AppError('OUT_OF_STOCK', 'This offer is sold out');

/**
 * A user redeems an offer: spends coins on it for a voucher, in one transaction. The user row is
 * locked first (so one user's requests, and retries of one Idempotency-Key, run one after
 * another, and the per-user limit holds); the key is claimed next, and an earlier request under
 * it answers again (or IDEMPOTENCY_KEY_REUSED for another body). The wallet pays the merchant in
 * the ledger (its guarded debit refuses an overdraft), one unit of stock goes by a conditional
 * update that also re-checks the offer is live (so stock cannot be oversold), and a voucher with
 * an unguessable code is issued. It runs at READ COMMITTED so that the counts read after each
 * lock include what the previous holder committed.
 */
export async function redeemOffer(context: ServiceContext, userId: string, offerId: string, idempotencyKey: string, body: RedeemRequest) {
  const now = context.now().getTime();
  const request = { scope: userScope(userId), key: idempotencyKey, content: redeemContent(offerId, body) };
  return runInTransaction(
    context.db,
    async (manager) => {
      const user = await lockUser(manager, userId);
      if (!user) throw authInvalid('This account no longer exists');
      const { answer, replayed } = await answerOnce(manager, request, now, async (requestId): Promise<RedeemResponse> => {
        if (user.frozen) throw userFrozen();
        // Checked without a lock first, to refuse early; the stock update below checks again atomically.
        const offer = await findOffer(manager, offerId);
        if (!offer) throw notFound('This offer');
        if (offer.status !== 'live' || Date.parse(offer.validFrom) > now || Date.parse(offer.validUntil) <= now) throw unavailable();
        if (offer.stockLeft <= 0) throw soldOut();
        // The user's row lock makes this count final: no other purchase of theirs can commit meanwhile.
        if ((await countHeldVouchers(manager, offerId, userId)) >= offer.perUserLimit) {
          throw new AppError('REDEEM_LIMIT_REACHED', `Each user may redeem this offer ${offer.perUserLimit} time(s)`);
        }

        // From the ledger rows on, the rows every buyer of this offer needs are locked until commit, so
        // only short writes follow; the merchant's revenue goes to one of its slots at random, so its
        // buyers do not queue on one row.
        const wallet = await ensureAccount(manager, 'user_wallet', userId, now);
        const merchant = await slotForCredit(manager, { kind: 'merchant', ownerId: offer.merchantId }, now);
        const price = offer.priceCoins;
        const posted = await postTransaction(manager, {
          // The request row already makes the purchase once-only; its id keeps the ledger key short.
          idempotencyKey: `redeem:${requestId}`,
          kind: 'redemption',
          memo: offer.title.slice(0, 200),
          postings: [
            { account: wallet, amount: -price },
            { account: merchant, amount: price },
          ],
          now,
        });
        if (!(await takeStock(manager, offerId, now))) {
          const current = await findOffer(manager, offerId);
          throw current?.status === 'live' && current.stockLeft <= 0 ? soldOut() : unavailable();
        }
        const voucher = await insertVoucher(manager, {
          code: voucherCode(),
          offerId,
          offerTitle: offer.title,
          userId,
          merchantId: offer.merchantId,
          priceCoins: price,
          transactionId: posted.transactionId,
          issuedAt: now,
          expiresAt: now + offer.voucherTtlSeconds * 1000,
        });
        return { voucher, balance: posted.balances.get(wallet.id)! };
      });
      return { ...answer, replayed };
    },
    { isolation: 'READ COMMITTED' },
  );
}
