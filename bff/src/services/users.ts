import { caloriesFromSteps, businessDate, startOfBusinessDay, type AvatarResponse, type LoginResponse, type MeResponse, type UpdateProfileRequest } from '@calorie-bank/shared';
import { findDay } from '../db/daily-steps.js';
import { workoutDayCoinsBetween } from '../db/visits.js';
import { runInTransaction } from '../db/transaction.js';
import * as users from '../db/users.js';
import type { UserRecord } from '../db/users.js';
import { authInvalid } from '../errors.js';
import { ensureAccount, walletBalance } from '../ledger/accounts.js';
import type { PlatformLogin } from '../platform/types.js';
import { NICKNAME_CACHE } from '../cache/topics.js';
import type { ServiceContext } from './context.js';
import { checkOfferImage, storeImage } from './uploads.js';

/** Thrown inside the sign-up transaction when a concurrent first login created the identity. */
class IdentityTaken extends Error {}

/** A default nickname from the tail of the platform id, until the user picks one. */
function defaultNickname(platformUserId: string): string {
  return `用户${platformUserId.slice(-4)}`;
}

/** Finds the user behind a platform identity, or signs them up with a wallet (`created`); keeps WeChat's session key fresh. */
async function userForIdentity(context: ServiceContext, login: PlatformLogin): Promise<{ user: UserRecord; created: boolean }> {
  const platform = context.platform.name;
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const known = await users.userIdForIdentity(manager, platform, login.platformUserId);
    if (known !== null) {
      if (login.sessionKey) await users.updateSessionKey(manager, platform, login.platformUserId, login.sessionKey);
      return { user: (await users.findUser(manager, known))!, created: false };
    }
    const userId = await users.insertUser(manager, defaultNickname(login.platformUserId), now);
    const identity = { platform, platformUserId: login.platformUserId, userId, sessionKey: login.sessionKey ?? null, now };
    if (!(await users.insertIdentity(manager, identity))) throw new IdentityTaken();
    await ensureAccount(manager, 'user_wallet', userId, now);
    return { user: (await users.findUser(manager, userId))!, created: true };
  });
}

/** Exchanges a super-app login code for a session: the platform names the user, we issue the token. */
export async function loginWithPlatform(context: ServiceContext, body: unknown): Promise<LoginResponse> {
  const login = await context.platform.exchangeLoginCode(body);
  let found: { user: UserRecord; created: boolean };
  try {
    found = await userForIdentity(context, login);
  } catch (error) {
    // A concurrent first login of the same person won the race: their sign-up is ours too.
    if (!(error instanceof IdentityTaken)) throw error;
    found = await userForIdentity(context, login);
  }
  const { user, created } = found;
  // A user signed up just now has an empty wallet and no day yet: their `/me` is known without reading it.
  const today = businessDate(context.now(), context.config.businessTimeZone);
  const me = created ? meOf(user, today, { balance: 0, day: null, workout: { coins: 0, reward: 0 } }) : getMe(context, user.id, user);
  const [session, meAnswer] = await Promise.all([context.tokens.issue({ subject: user.id, audience: 'user' }), me]);
  return {
    token: session.token,
    expiresAt: session.expiresAt.toISOString(),
    user: { id: user.id, nickname: user.nickname, avatarUrl: user.avatarUrl },
    me: meAnswer,
  };
}

/** The signed-in user (`known` when just read), their balance and today's steps and coins. */
export async function getMe(context: ServiceContext, userId: string, known?: UserRecord): Promise<MeResponse> {
  const manager = context.db.manager;
  const user = known ?? (await users.findUser(manager, userId));
  if (!user) throw authInvalid('This account no longer exists');
  const now = context.now();
  const today = businessDate(now, context.config.businessTimeZone);
  const dayStart = startOfBusinessDay(now, context.config.businessTimeZone);
  const [balance, day, workout] = await Promise.all([
    walletBalance(manager, userId),
    findDay(manager, userId, today),
    // One indexed range read (user, left_at) of the day's closed visits.
    workoutDayCoinsBetween(manager, userId, dayStart, now.getTime() + 1),
  ]);
  return meOf(user, today, { balance, day, workout });
}

/** `/me`'s answer from what was read of the user's wallet, day and workouts. */
function meOf(
  user: UserRecord,
  today: string,
  { balance, day, workout }: { balance: number; day: Awaited<ReturnType<typeof findDay>>; workout: { coins: number; reward: number } },
): MeResponse {
  return {
    user: { id: user.id, nickname: user.nickname, avatarUrl: user.avatarUrl, weightKg: user.weightKg, frozen: user.frozen },
    wallet: { balance },
    today: {
      date: today,
      steps: day?.steps ?? 0,
      calories: day ? day.calories : caloriesFromSteps(0),
      coins: day ? day.coinsCredited + day.bonusCoins : 0,
      workoutCoins: workout.coins,
      workoutRewardCoins: workout.reward,
    },
  };
}

/** Drops a changed nickname from the board caches of this process and, through Redis, of every other. */
async function forgetNicknameEverywhere(context: ServiceContext, userId: string): Promise<void> {
  if (context.invalidation) await context.invalidation.publish(NICKNAME_CACHE, userId);
  else context.leaderboard.forgetNickname(userId);
}

/** Changes the nickname, the avatar and/or the weight the calorie rule uses from the next sync on. */
export async function updateProfile(context: ServiceContext, userId: string, changes: UpdateProfileRequest): Promise<MeResponse> {
  await checkOfferImage(context, changes.avatarUrl, 'avatarUrl');
  await runInTransaction(context.db, async (manager) => {
    if (!(await users.updateUserProfile(manager, userId, changes))) throw authInvalid('This account no longer exists');
  });
  if (changes.nickname !== undefined) await forgetNicknameEverywhere(context, userId);
  return getMe(context, userId);
}

/** Stores an uploaded avatar with the same checks as offer images and makes it the user's. */
export async function uploadAvatar(context: ServiceContext, userId: string, bytes: Buffer): Promise<AvatarResponse> {
  const image = await storeImage(context, bytes);
  await runInTransaction(context.db, async (manager) => {
    if (!(await users.updateUserProfile(manager, userId, { avatarUrl: image.url }))) throw authInvalid('This account no longer exists');
  });
  context.logger.info({ userId, image: image.id, bytes: image.bytes }, 'stored an avatar');
  return { user: (await getMe(context, userId)).user };
}
