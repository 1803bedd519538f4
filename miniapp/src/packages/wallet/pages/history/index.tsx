import { ScrollView, Text, View } from '@tarojs/components';
import { api, messageFor, type HistoryAnswer } from '../../../../api/client';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { usePagedList } from '../../../../hooks/usePagedList';
import { t } from '../../../../i18n/messages';
import { formatNumber } from '../../../../i18n/format';
import { useBusinessTime } from '../../../../hooks/useBusinessTime';
import { withPageBar } from '../../../../components/PageBar';
import './index.css';

type Item = HistoryAnswer['items'][number];

/** The wallet history, newest first, loading the next page as the user nears the end. */
function History() {
  const time = useBusinessTime();
  const { items, loading, error, done, load: loadMore } = usePagedList<Item>((cursor) => api.walletTransactions(cursor));

  if (items.length === 0 && loading) return <Loading />;
  if (items.length === 0 && error) return <Failure message={messageFor(error)} onRetry={() => void loadMore(true)} />;
  if (items.length === 0 && done) return <Empty text={t.noHistory} />;

  return (
    <ScrollView className='history' scrollY lowerThreshold={120} onScrollToLower={() => void loadMore()} data-testid='history'>
      {items.map((item) => (
        <View key={item.id} className='entry' data-testid='history-item'>
          <View className='entry__main'>
            <Text className='entry__kind'>{t.kinds[item.kind] ?? item.kind}</Text>
            <Text className='entry__memo'>{item.memo ?? ''}</Text>
            <Text className='entry__time'>{time.at(item.createdAt)}</Text>
          </View>
          <View className='entry__side'>
            <Text className={`entry__amount ${item.amount < 0 ? 'entry__amount--out' : ''}`}>{item.amount > 0 ? `+${formatNumber(item.amount)}` : formatNumber(item.amount)}</Text>
            <Text className='entry__after'>{`${t.balance} ${formatNumber(item.balanceAfter)}`}</Text>
          </View>
        </View>
      ))}
      <View className='history__footer'>
        {error ? (
          <Text className='history__error' onClick={() => void loadMore()}>{`${messageFor(error)} ${t.retry}`}</Text>
        ) : (
          <Text onClick={() => void loadMore()}>{loading ? t.loading : done ? t.noMore : t.loadMore}</Text>
        )}
      </View>
    </ScrollView>
  );
}

export default withPageBar(History);
