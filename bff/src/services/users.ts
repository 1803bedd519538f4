import type { EntityManager } from 'typeorm';
import { caloriesFromSteps, businessDate, type LoginResponse, type MeResponse, type UpdateProfileRequest } from '@calorie-bank/shared';
import { execute, insertIgnore, runInTransaction } from '../db/transaction.js';
import { authInvalid } from '../errors.js';
import { ensureAccount, walletBalance } from '../ledger/accounts.js';
import type { PlatformLogin } from '../platform/types.js';
import type { ServiceContext } from './context.js';

interface UserRecord {
  id: string;
  nickname: string;
  avatarUrl: string | null;
  weightKg: number | null;
  frozen: boolean;
}

/** Thrown inside the sign-up transaction when a concurrent first login created the identity. */
class IdentityTaken extends Error {}

/** A default nickname from the tail of the platform id, until the user picks one. */
function defaultNickname(platformUserId: string): string {
  return `用户${platformUserId.slice(-4)}`;
}

export async function findUser(manager: EntityManager, userId: string): Promise<UserRecord | null> {
  const rows: { id: number | string; nickname: string; avatar_url: string | null; weight_kg: number | null; frozen: number | boolean }[] =
    await manager.query('SELECT id, nickname, avatar_url, weight_kg, frozen FROM users WHERE id = ?', [userId]);
  if (rows.length === 0) return null;
  const row = rows[0];
  return { id: String(row.id), nickname: row.nickname, avatarUrl: row.avatar_url, weightKg: row.weight_kg, frozen: Boolean(row.frozen) };
}

/** Finds the user behind a platform identity, or signs them up with a wallet; keeps WeChat's session key fresh. */
async function userForIdentity(context: ServiceContext, login: PlatformLogin): Promise<UserRecord> {
  const platform = context.platform.name;
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    const known: { user_id: number | string }[] = await manager.query(
      'SELECT user_id FROM platform_identities WHERE platform = ? AND platform_user_id = ?',
      [platform, login.platformUserId],
    );
    if (known.length > 0) {
      const userId = String(known[0].user_id);
      if (login.sessionKey) {
        await manager.query('UPDATE platform_identities SET session_key = ? WHERE platform = ? AND platform_user_id = ?', [
          login.sessionKey,
          platform,
          login.platformUserId,
        ]);
      }
      return (await findUser(manager, userId))!;
    }
    const user = await execute(manager, 'INSERT INTO users (nickname, avatar_url, weight_kg, frozen, created_at) VALUES (?, NULL, NULL, ?, ?)', [
      defaultNickname(login.platformUserId),
      false,
      now,
    ]);
    const userId = user.insertId!;
    const identity = await execute(
      manager,
      `${insertIgnore(manager)} INTO platform_identities
         (platform, platform_user_id, user_id, session_key, created_at) VALUES (?, ?, ?, ?, ?)`,
      [platform, login.platformUserId, userId, login.sessionKey ?? null, now],
    );
    if (identity.affected === 0) throw new IdentityTaken();
    await ensureAccount(manager, 'user_wallet', userId, now);
    return (await findUser(manager, userId))!;
  });
}

/** Exchanges a super-app login code for a session: the platform names the user, we issue the token. */
export async function loginWithPlatform(context: ServiceContext, body: unknown): Promise<LoginResponse> {
  const login = await context.platform.exchangeLoginCode(body);
  let user: UserRecord;
  try {
    user = await userForIdentity(context, login);
  } catch (error) {
    // A concurrent first login of the same person won the race: their sign-up is ours too.
    if (!(error instanceof IdentityTaken)) throw error;
    user = await userForIdentity(context, login);
  }
  const session = await context.tokens.issue({ subject: user.id, audience: 'user' });
  return {
    token: session.token,
    expiresAt: session.expiresAt.toISOString(),
    user: { id: user.id, nickname: user.nickname, avatarUrl: user.avatarUrl },
  };
}

/** The signed-in user, their balance and today's steps and coins. */
export async function getMe(context: ServiceContext, userId: string): Promise<MeResponse> {
  const manager = context.db.manager;
  const user = await findUser(manager, userId);
  if (!user) throw authInvalid('This account no longer exists');
  const today = businessDate(context.now(), context.config.businessTimeZone);
  const [balance, days] = await Promise.all([
    walletBalance(manager, userId),
    manager.query('SELECT steps, calories, coins_credited, bonus_coins FROM daily_steps WHERE user_id = ? AND date = ?', [userId, today]) as Promise<
      { steps: number; calories: number; coins_credited: number; bonus_coins: number }[]
    >,
  ]);
  const day = days[0];
  const steps = day ? Number(day.steps) : 0;
  return {
    user,
    wallet: { balance },
    today: {
      date: today,
      steps,
      calories: day ? Number(day.calories) : caloriesFromSteps(0),
      coins: day ? Number(day.coins_credited) + Number(day.bonus_coins) : 0,
    },
  };
}

/** Changes the nickname and/or the weight the calorie rule uses from the next sync on. */
export async function updateProfile(context: ServiceContext, userId: string, changes: UpdateProfileRequest): Promise<MeResponse> {
  await runInTransaction(context.db, async (manager) => {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (changes.nickname !== undefined) {
      sets.push('nickname = ?');
      values.push(changes.nickname);
    }
    if (changes.weightKg !== undefined) {
      sets.push('weight_kg = ?');
      values.push(changes.weightKg);
    }
    const updated = await execute(manager, `UPDATE users SET ${sets.join(', ')} WHERE id = ?`, [...values, userId]);
    // MySQL counts only rows whose values changed, so an unchanged profile also reports 0.
    if (updated.affected === 0 && !(await findUser(manager, userId))) throw authInvalid('This account no longer exists');
  });
  if (changes.nickname !== undefined) context.leaderboard.forgetNickname(userId);
  return getMe(context, userId);
}
