import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { api, messageFor } from '../../../../api/client';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { useAsync } from '../../../../hooks/useAsync';
import { t } from '../../../../i18n/messages';
import './index.css';

export default function VoucherList() {
  const vouchers = useAsync(() => api.vouchers(), []);
  useDidShow(() => {
    if (vouchers.data) void vouchers.reload();
  });
  if (!vouchers.data && vouchers.loading) return <Loading />;
  if (!vouchers.data) return <Failure message={messageFor(vouchers.error)} onRetry={() => void vouchers.reload()} />;
  if (vouchers.data.items.length === 0) return <Empty text={t.noVouchers} />;
  return (
    <View className='vouchers'>
      {vouchers.data.items.map((voucher) => (
        <View
          key={voucher.id}
          className={`ticket ticket--${voucher.status}`}
          onClick={() => void Taro.navigateTo({ url: `/packages/vouchers/pages/detail/index?id=${voucher.id}` })}
          data-testid='voucher'
        >
          <View className='ticket__main'>
            <Text className='ticket__title'>{voucher.offerTitle}</Text>
            <Text className='ticket__expiry'>{t.expiresAt(new Date(voucher.expiresAt).toLocaleDateString())}</Text>
          </View>
          <Text className='ticket__status' data-testid='voucher-status'>{t.voucherStatus[voucher.status]}</Text>
        </View>
      ))}
    </View>
  );
}
