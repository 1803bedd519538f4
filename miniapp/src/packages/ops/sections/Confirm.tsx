import { Button, Text, View } from '@tarojs/components';
import { o } from '../i18n';

/**
 * The second step of an action that cannot be undone, in place of the button that asked for it:
 * what will happen, in words, a way back, and the button that does it. `onConfirm` should run a
 * `useAction`, whose guard drops a second tap; the buttons also ignore taps while `busy`, since a
 * disabled H5 button still fires its click.
 */
export function Confirm({ question, yes, busy, onConfirm, onBack, testId }: {
  question: string;
  yes: string;
  busy: boolean;
  onConfirm: () => void;
  onBack: () => void;
  testId: string;
}) {
  return (
    <View className='ops-confirm' data-testid={testId}>
      <Text className='ops-confirm__question' data-testid={`${testId}-question`}>{question}</Text>
      <View className='ops-confirm__buttons'>
        <Button className='ops-button' size='mini' disabled={busy} onClick={() => { if (!busy) onBack(); }} data-testid={`${testId}-back`}>{o.back}</Button>
        <Button className='ops-button' size='mini' type='warn' disabled={busy} loading={busy} onClick={() => { if (!busy) onConfirm(); }} data-testid={`${testId}-yes`}>{yes}</Button>
      </View>
    </View>
  );
}
