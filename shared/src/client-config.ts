import { DEFAULT_COIN_RULES, type CoinRules } from './rules/coins.js';
import { DEFAULT_WORKOUT_RULES, type WorkoutRules } from './rules/workouts.js';

/** The zone that defines "today" when a deployment names none (`BUSINESS_TZ`). */
export const DEFAULT_BUSINESS_TIME_ZONE = 'Asia/Shanghai';

/** What a client needs to know of the deployment it talks to (`GET /config/client`). */
export interface ClientConfig {
  /** The IANA zone whose calendar day is "today" for syncs, boards and caps. */
  businessTimeZone: string;
  coinRules: CoinRules;
  /** The daily cap on workout coins (`WORKOUT_DAILY_COIN_CAP`), for the venue's workout preview. */
  workoutRules: WorkoutRules;
  /** The super-app this deployment serves. */
  platform: 'alipay' | 'wechat';
  /** Whether the BFF plays the super-app itself under `/sandbox` (demo and tests). */
  sandbox: boolean;
}

/** What a client assumes until the BFF has told it: the contract's defaults. */
export const DEFAULT_CLIENT_CONFIG: Readonly<ClientConfig> = Object.freeze({
  businessTimeZone: DEFAULT_BUSINESS_TIME_ZONE,
  coinRules: DEFAULT_COIN_RULES,
  workoutRules: DEFAULT_WORKOUT_RULES,
  platform: 'alipay',
  sandbox: false,
});
