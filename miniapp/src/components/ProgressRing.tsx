import { Text, View } from '@tarojs/components';
import './ProgressRing.css';

interface Props {
  /** 0 … 1; more is shown as full. */
  ratio: number;
  label: string;
  value: string;
  color: string;
  testId?: string;
  /** The value's own test id, where a page names it apart from the ring's. */
  valueTestId?: string;
}

/** A ring filled clockwise to `ratio`, with the value in its middle. */
export function ProgressRing({ ratio, label, value, color, testId, valueTestId }: Props) {
  const degrees = Math.round(Math.min(Math.max(ratio, 0), 1) * 360);
  return (
    <View className='ring' style={{ background: `conic-gradient(${color} ${degrees}deg, #e5e7eb ${degrees}deg)` }}>
      <View className='ring__inner'>
        <Text className='ring__value' data-testid={valueTestId ?? (testId && `${testId}-value`)}>{value}</Text>
        <Text className='ring__label' data-testid={testId && `${testId}-label`}>{label}</Text>
      </View>
    </View>
  );
}
