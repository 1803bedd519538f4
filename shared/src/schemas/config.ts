import { z } from 'zod';
import type { ClientConfig } from '../client-config.js';

export const ClientConfigResponse = z
  .object({
    businessTimeZone: z.string().meta({ description: 'The IANA zone whose calendar day is "today"', example: 'Asia/Shanghai' }),
    coinRules: z.object({
      defaultWeightKg: z.number().int(),
      dailyCoinCap: z.number().int(),
      implausibleStepsAbove: z.number().int(),
    }),
    workoutRules: z.object({
      dailyCoinCap: z.number().int().meta({ description: 'Workout coins a user can earn a day (`WORKOUT_DAILY_COIN_CAP`)' }),
    }),
    platform: z.enum(['alipay', 'wechat']),
    sandbox: z.boolean(),
  })
  .meta({ id: 'ClientConfig' }) satisfies z.ZodType<ClientConfig>;
