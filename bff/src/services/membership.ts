import { MEMBERSHIP_DAYS, MEMBERSHIP_PRICE_COINS, type DailyLeaderboardResponse, type Membership } from '@calorie-bank/shared';
import { activeMembersAmong, membershipEnd, saveMembership } from '../db/content.js';
import { runInTransaction } from '../db/transaction.js';
import { lockUser } from '../db/users.js';
import { authInvalid, userFrozen } from '../errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import type { ServiceContext } from './context.js';
import { answerOnce, userScope } from './idempotency.js';

const DAY_MS = 24 * 3600_000;
/** The platform account fan memberships are paid into. */
export const MEMBERSHIP_ACCOUNT = 'fan_membership';

function membershipOf(endsAt: number | null, now: number): Membership {
  return {
    active: endsAt !== null && endsAt > now,
    endsAt: endsAt === null ? null : new Date(endsAt).toISOString(),
    priceCoins: MEMBERSHIP_PRICE_COINS,
    days: MEMBERSHIP_DAYS,
  };
}

/** Whether a user's fan membership runs now (read fresh: it decides what content they see). */
export async function isMember(context: ServiceContext, userId: string): Promise<boolean> {
  const endsAt = await membershipEnd(context.db.manager, userId);
  return endsAt !== null && endsAt > context.now().getTime();
}

export async function getMembership(context: ServiceContext, userId: string): Promise<{ membership: Membership }> {
  return { membership: membershipOf(await membershipEnd(context.db.manager, userId), context.now().getTime()) };
}

/**
 * Buys or renews the fan membership: the wallet pays the platform's membership account in one
 * ledger transaction, and the end moves 30 days on from now or from the current end while one
 * runs. The user row is locked first, so retries of one Idempotency-Key (and two renewals) run
 * one after another: a key pays once and answers the same again.
 */
export async function buyMembership(context: ServiceContext, userId: string, idempotencyKey: string) {
  const now = context.now().getTime();
  const request = { scope: userScope(userId), key: idempotencyKey, content: `membership:${MEMBERSHIP_DAYS}d:${MEMBERSHIP_PRICE_COINS}` };
  const result = await runInTransaction(
    context.db,
    async (manager) => {
      const user = await lockUser(manager, userId);
      if (!user) throw authInvalid('This account no longer exists');
      return answerOnce(manager, request, now, async (requestId) => {
        if (user.frozen) throw userFrozen();
        const wallet = await ensureAccount(manager, 'user_wallet', userId, now);
        const platform = await ensureAccount(manager, 'platform', MEMBERSHIP_ACCOUNT, now);
        const posted = await postTransaction(manager, {
          idempotencyKey: `membership:${requestId}`,
          kind: 'membership',
          memo: `球迷会员 ${MEMBERSHIP_DAYS} 天`,
          postings: [
            { account: wallet, amount: -MEMBERSHIP_PRICE_COINS },
            { account: platform, amount: MEMBERSHIP_PRICE_COINS },
          ],
          now,
        });
        const current = await membershipEnd(manager, userId);
        const endsAt = Math.max(now, current ?? 0) + MEMBERSHIP_DAYS * DAY_MS;
        await saveMembership(manager, userId, endsAt, current !== null, now);
        return { membership: membershipOf(endsAt, now), balance: posted.balances.get(wallet.id)! };
      });
    },
    { isolation: 'READ COMMITTED' },
  );
  // The buyer's badge shows on their next board read through this process; other processes refresh within seconds.
  if (!result.replayed) context.leaderboard.forgetBadges();
  return result.answer;
}

/** Which of `userIds` are fan members now: the board's badges. */
export async function membersAmong(context: ServiceContext, userIds: string[]): Promise<Set<string>> {
  return new Set(await activeMembersAmong(context.db.manager, userIds, context.now().getTime()));
}

/** A board as answered, with the `member` badge on each fan member's entry. */
export async function withMemberBadges(context: ServiceContext, board: DailyLeaderboardResponse): Promise<DailyLeaderboardResponse> {
  const members = await membersAmong(context, board.entries.map((entry) => entry.userId));
  if (members.size === 0) return board;
  return { ...board, entries: board.entries.map((entry) => (members.has(entry.userId) ? { ...entry, member: true } : entry)) };
}
