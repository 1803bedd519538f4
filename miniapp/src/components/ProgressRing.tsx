import { Text, View } from '@tarojs/components';
import './ProgressRing.css';

interface Props {
  /** 0 … 1; more is shown as full. */
  ratio: number;
  label: string;
  value: string;
  color: string;
  testId?: string;
}

/** A ring filled clockwise to `ratio`, with the value in its middle. */
export function ProgressRing({ ratio, label, value, color, testId }: Props) {
  const degrees = Math.round(Math.min(Math.max(ratio, 0), 1) * 360);
  return (
    <View className='ring' style={{ background: `conic-gradient(${color} ${degrees}deg, #e5e7eb ${degrees}deg)` }}>
      <View className='ring__inner'>
        <Text className='ring__value' data-testid={testId && `${testId}-value`}>{value}</Text>
        <Text className='ring__label' data-testid={testId && `${testId}-label`}>{label}</Text>
      </View>
    </View>
  );
}
