import { z } from 'zod';
import { WEIGHT_KG_MAX, WEIGHT_KG_MIN } from '../rules/coins.js';
import { CalendarDate, Id, Instant, lineOfText } from './common.js';
import { MediaUrl } from './media.js';

export const PublicUser = z
  .object({
    id: Id,
    nickname: z.string(),
    avatarUrl: z.string().nullable(),
  })
  .meta({ id: 'User' });

export const AlipayLoginRequest = z.strictObject({ authCode: z.string().min(1).max(256) });
export const WechatLoginRequest = z.strictObject({ code: z.string().min(1).max(256) });
/** Either platform's login body; the BFF accepts the one of the platform it serves. */
export const LoginRequest = z.union([AlipayLoginRequest, WechatLoginRequest]);


export const MeResponse = z.object({
  user: PublicUser.extend({ weightKg: z.number().int().nullable(), frozen: z.boolean() }),
  wallet: z.object({ balance: z.number().int() }),
  today: z.object({
    date: CalendarDate,
    steps: z.number().int(),
    calories: z.number().int(),
    coins: z.number().int(),
    /** Coins the day's visits earned: workout coins (`workout_reward`) and what campaigns on workouts added, beside the step coins. */
    workoutCoins: z.number().int(),
    /** The day's `workout_reward` coins alone: what the daily workout cap (`WORKOUT_DAILY_COIN_CAP`) has counted so far. */
    workoutRewardCoins: z.number().int(),
  }),
});

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: Instant,
  user: PublicUser,
  /** What `GET /me` would answer right after signing in, so a first screen needs no second request. */
  me: MeResponse,
});

export const UpdateProfileRequest = z
  .strictObject({
    nickname: lineOfText(32).optional(),
    weightKg: z.number().int().min(WEIGHT_KG_MIN).max(WEIGHT_KG_MAX).optional(),
    /** An image uploaded here (`POST /me/avatar` or `POST /merchant/uploads`), or null to clear it. */
    avatarUrl: MediaUrl.nullable().optional(),
  })
  .refine(
    (body) => body.nickname !== undefined || body.weightKg !== undefined || body.avatarUrl !== undefined,
    'give nickname, weightKg or avatarUrl',
  );

export const AvatarResponse = z.object({ user: MeResponse.shape.user });

export type PublicUser = z.infer<typeof PublicUser>;
export type LoginResponse = z.infer<typeof LoginResponse>;
export type MeResponse = z.infer<typeof MeResponse>;
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;
export type AvatarResponse = z.infer<typeof AvatarResponse>;
