import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { businessDate } from '@calorie-bank/shared/dates';
import { api } from '../../api/client';
import { useAsync } from '../../hooks/useAsync';
import { t } from '../../i18n/messages';

/**
 * The way to the venues, with the workout coins earned today beside the step coins. `/me` counts
 * steps only, so today's workout coins are summed from the latest visits.
 */
export function VenuesLink({ timeZone, refreshKey }: { timeZone: string; refreshKey: unknown }) {
  const visits = useAsync(() => api.visits(null), [refreshKey]);
  const today = businessDate(new Date(), timeZone);
  const coins = (visits.data?.items ?? [])
    .filter((visit) => visit.leftAt && businessDate(new Date(visit.leftAt), timeZone) === today)
    .reduce((sum, visit) => sum + (visit.coinsEarned ?? 0), 0);
  return (
    <View className='home__link' onClick={() => void Taro.navigateTo({ url: '/packages/venues/pages/list/index' })} data-testid='venues-link'>
      <Text className='home__link-title'>{t.venues}</Text>
      {coins > 0 && <Text className='home__link-hint home__link-hint--coins' data-testid='workout-coins-today'>{t.workoutCoinsToday(coins)}</Text>}
      <Text className='home__link-hint'>{t.venuesHint}</Text>
    </View>
  );
}
