import { ScrollView, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { api, messageFor, type Voucher } from '../../../../api/client';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { usePagedList } from '../../../../hooks/usePagedList';
import { t } from '../../../../i18n/messages';
import { useBusinessTime } from '../../../../hooks/useBusinessTime';
import { withPageBar } from '../../../../components/PageBar';
import './index.css';

/** The user's vouchers, newest first, loading more as they scroll. */
function VoucherList() {
  const time = useBusinessTime();
  const { items: vouchers, loading, error, done, load } = usePagedList<Voucher>((cursor) => api.vouchers(cursor));
  useDidShow(() => {
    if (vouchers.length > 0) void load(true);
  });
  if (vouchers.length === 0 && loading) return <Loading />;
  if (vouchers.length === 0 && error) return <Failure message={messageFor(error)} onRetry={() => void load(true)} />;
  if (vouchers.length === 0 && done) return <Empty text={t.noVouchers} />;
  return (
    <ScrollView className='vouchers' scrollY onScrollToLower={() => void load(false)}>
      {vouchers.map((voucher) => (
        <View
          key={voucher.id}
          className={`ticket ticket--${voucher.status}`}
          onClick={() => void Taro.navigateTo({ url: `/packages/vouchers/pages/detail/index?id=${voucher.id}` })}
          data-testid='voucher'
        >
          <View className='ticket__main'>
            <Text className='ticket__title'>{voucher.offerTitle}</Text>
            <Text className='ticket__expiry'>{t.expiresAt(time.day(voucher.expiresAt))}</Text>
          </View>
          <Text className='ticket__status' data-testid='voucher-status'>{t.voucherStatus[voucher.status]}</Text>
        </View>
      ))}
      {/* Where the list stands below its last ticket: more on their way, or the end of it. */}
      {error ? (
        <Text className='vouchers__more' onClick={() => void load(false)}>{messageFor(error)}</Text>
      ) : (
        <Text className='vouchers__more' data-testid='vouchers-end'>{loading ? t.loading : done ? t.noMore : ''}</Text>
      )}
    </ScrollView>
  );
}

export default withPageBar(VoucherList);
