import { Text, View } from '@tarojs/components';
import './Occupancy.css';

/** How full a facility is now: a bar that turns amber past 80 % and red when full, and the count. */
export function Occupancy({ inside, capacity, label, testId = 'occupancy' }: { inside: number; capacity: number; label: string; testId?: string }) {
  const ratio = capacity > 0 ? Math.min(1, inside / capacity) : 1;
  const level = ratio >= 1 ? 'full' : ratio >= 0.8 ? 'busy' : 'calm';
  return (
    <View className='occupancy' data-testid={testId} data-inside={inside} data-capacity={capacity}>
      <View className='occupancy__track'>
        <View className={`occupancy__fill occupancy__fill--${level}`} style={{ width: `${Math.round(ratio * 100)}%` }} />
      </View>
      <Text className={`occupancy__label occupancy__label--${level}`}>{label}</Text>
    </View>
  );
}
