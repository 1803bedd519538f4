import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { contract, messageFor } from '../api/client';
import { useAction } from '../hooks/useAction';
import { useAsync, type AsyncState } from '../hooks/useAsync';
import { w } from '../i18n/warnings';
import { useBusinessTime } from '../hooks/useBusinessTime';
import './Warnings.css';

export interface Standing {
  items: { id: string; reason: string; createdAt: string }[];
  frozen: boolean;
}

/** The caller's unseen warnings and whether they are frozen, loaded once per screen. */
export function useStanding(): AsyncState<Standing> {
  return useAsync(() => contract.myWarnings(), []);
}

/** The sentence a frozen user sees where they would post, comment or like. */
export function FrozenNotice() {
  return <Text className='standing standing--frozen' data-testid='frozen-notice'>{w.frozen}</Text>;
}

/**
 * The operators' warnings the user has not dismissed, newest first, with one button that marks
 * them all seen. Shows nothing while loading or when there are none (it is a notice, not content), and a line to
 * tap for another try when it could not load.
 */
export function WarningsNotice({ standing }: { standing: AsyncState<Standing> }) {
  const time = useBusinessTime();
  const [error, setError] = useState<string | null>(null);
  const dismiss = useAction(async () => {
    const items = standing.data?.items ?? [];
    setError(null);
    try {
      await contract.markWarningsSeen({ body: { ids: items.map((item) => item.id) } });
      standing.setData({ ...standing.data!, items: [] });
    } catch (caught) {
      setError(messageFor(caught));
    }
  });
  const items = standing.data?.items ?? [];
  if (!standing.data && standing.error) {
    return <Text className='standing standing--frozen' onClick={() => void standing.reload()} data-testid='warnings-failed'>{w.failed}</Text>;
  }
  if (items.length === 0) return null;
  return (
    <View className='standing standing--warning' data-testid='warnings-notice'>
      <Text className='standing__title'>{w.title}</Text>
      <Text className='standing__text'>{w.intro}</Text>
      {items.map((item) => (
        <Text key={item.id} className='standing__text' data-testid='warning'>{w.line(time.day(item.createdAt), item.reason)}</Text>
      ))}
      <Button className='standing__button' size='mini' disabled={dismiss.running} onClick={() => void dismiss.run()} data-testid='dismiss-warnings'>{w.dismiss}</Button>
      {error && <Text className='field-error' data-testid='warnings-error'>{error}</Text>}
    </View>
  );
}
