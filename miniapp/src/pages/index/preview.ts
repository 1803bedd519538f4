import { DEFAULT_COIN_RULES, creditForSync } from '@calorie-bank/shared/rules';

export interface TodayState {
  steps: number;
  coins: number;
  weightKg: number | null;
}

/**
 * What a sync would add, by the same rules the BFF applies. In the browser sandbox the phone's
 * count is known, so the preview is exact; on a real phone the count is only readable by the
 * BFF, so the preview is what today can still earn.
 */
export function previewCoins(today: TodayState, phoneSteps: number | null): number {
  if (phoneSteps === null) return Math.max(0, DEFAULT_COIN_RULES.dailyCoinCap - today.coins);
  return creditForSync({
    recordedSteps: today.steps,
    alreadyCredited: today.coins,
    syncedSteps: phoneSteps,
    weightKg: today.weightKg ?? DEFAULT_COIN_RULES.defaultWeightKg,
  }).credited;
}
