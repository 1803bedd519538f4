import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { messageFor } from '../../../api/client';
import { Empty, Failure, Loading } from '../../../components/StateView';
import type { PagedList } from '../../../hooks/usePagedList';
import { t } from '../../../i18n/messages';

/** A paged list's rows with its loading, empty and error faces and a "load more" at the end. */
export function PagedRows<T>({ list, empty, children }: { list: PagedList<T>; empty: string; children: (item: T) => ReactNode }) {
  if (list.items.length === 0) {
    if (list.error) return <Failure message={messageFor(list.error)} onRetry={() => void list.load(true)} />;
    if (list.loading || !list.done) return <Loading />;
    return <Empty text={empty} />;
  }
  return (
    <View>
      {list.items.map(children)}
      {Boolean(list.error) && <Text className='ops-notice ops-notice--error'>{messageFor(list.error)}</Text>}
      <Text className='ops-more' onClick={() => void list.load()} data-testid='load-more'>
        {list.loading ? t.loading : list.done ? t.noMore : t.loadMore}
      </Text>
    </View>
  );
}
