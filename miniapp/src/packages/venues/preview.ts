import { caloriesFromWorkout, DEFAULT_WORKOUT_RULES, workoutCoinsOwed, type Activity } from '@calorie-bank/shared/workout-rules';

/**
 * What a workout of `minutes` would burn and earn, by the same rules the BFF credits with: the
 * user's weight (the deployment's default when they gave none), the facility's longest stay, and
 * what is left of today's workout cap.
 */
export function previewWorkout(input: { activity: Activity; minutes: number; longestStayMinutes: number; weightKg: number; earnedToday: number; dailyCoinCap?: number }) {
  const calories = caloriesFromWorkout(input);
  const coins = workoutCoinsOwed(calories, Math.max(0, input.earnedToday), { dailyCoinCap: input.dailyCoinCap ?? DEFAULT_WORKOUT_RULES.dailyCoinCap });
  return { minutes: Math.min(input.minutes, input.longestStayMinutes), calories, coins };
}
