import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { t } from '../../i18n/messages';

/** The way to the venues, with the workout coins earned today (`/me`'s `today.workoutCoins`) beside the step coins. */
export function VenuesLink({ workoutCoins }: { workoutCoins: number }) {
  return (
    <View className='home__link' onClick={() => void Taro.navigateTo({ url: '/packages/venues/pages/list/index' })} data-testid='venues-link'>
      <Text className='home__link-title'>{t.venues}</Text>
      {workoutCoins > 0 && <Text className='home__link-hint home__link-hint--coins' data-testid='workout-coins-today'>{t.workoutCoinsToday(workoutCoins)}</Text>}
      <Text className='home__link-hint'>{t.venuesHint}</Text>
    </View>
  );
}
