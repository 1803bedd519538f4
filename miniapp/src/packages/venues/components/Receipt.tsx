import { Text, View } from '@tarojs/components';
import { v } from '../i18n';

/**
 * A closed visit in four figures: time inside, fee, calories and the workout coins it earned. A
 * booked visit was paid for when booked (`bookingCoins`): its fee is that, said as such.
 */
export function Receipt({ minutes, fee, calories, coinsEarned, bookingCoins = null }: { minutes: number; fee: number; calories: number; coinsEarned: number; bookingCoins?: number | null }) {
  const cells = [
    { id: 'minutes', label: v.minutes, value: v.minutesValue(minutes) },
    { id: 'fee', label: v.fee, value: bookingCoins === null ? v.feeValue(fee) : v.bookedFeeValue(bookingCoins) },
    { id: 'calories', label: v.caloriesBurned, value: v.kcalValue(calories) },
    { id: 'coins', label: v.coinsEarned, value: v.coinsValue(coinsEarned) },
  ];
  return (
    <View className='receipt' data-testid='receipt'>
      {cells.map((cell) => (
        <View key={cell.id} className='receipt__cell'>
          <Text className='receipt__value' data-testid={`receipt-${cell.id}`}>{cell.value}</Text>
          <Text className='receipt__label'>{cell.label}</Text>
        </View>
      ))}
    </View>
  );
}
