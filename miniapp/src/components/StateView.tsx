import { Button, Text, View } from '@tarojs/components';
import { t } from '../i18n/messages';
import './StateView.css';

/** The loading, empty and error faces every page shares. */
export function Loading({ text = t.loading }: { text?: string }) {
  return (
    <View className='state' data-testid='state-loading'>
      <View className='state__spinner' />
      <Text className='state__text'>{text}</Text>
    </View>
  );
}

export function Empty({ text }: { text: string }) {
  return (
    <View className='state' data-testid='state-empty'>
      <Text className='state__text'>{text}</Text>
    </View>
  );
}

export function Failure({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className='state state--error' data-testid='state-error'>
      <Text className='state__text'>{message}</Text>
      {onRetry && (
        <Button className='state__retry' size='mini' onClick={onRetry}>
          {t.retry}
        </Button>
      )}
    </View>
  );
}
