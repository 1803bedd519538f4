import { View } from '@tarojs/components';
import { encode } from 'uqr';
import './QrCode.css';

/** Text as a QR grid drawn with views (no canvas, so it renders the same on every platform). */
export function QrCode({ text, testId = 'qr' }: { text: string; testId?: string }) {
  const { data } = encode(text, { ecc: 'M', border: 2 });
  return (
    <View className='qr' data-testid={testId} data-text={text}>
      {data.map((row, y) => (
        <View key={y} className='qr__row'>
          {row.map((dark, x) => (
            <View key={x} className={dark ? 'qr__cell qr__cell--dark' : 'qr__cell'} />
          ))}
        </View>
      ))}
    </View>
  );
}
