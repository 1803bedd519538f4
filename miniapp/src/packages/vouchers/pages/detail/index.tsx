import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { api, messageFor } from '../../../../api/client';
import { QrCode } from '../../../../components/QrCode';
import { Failure, Loading } from '../../../../components/StateView';
import { useAsync } from '../../../../hooks/useAsync';
import { t } from '../../../../i18n/messages';
import { useBusinessTime } from '../../../../hooks/useBusinessTime';
import { withPageBar } from '../../../../components/PageBar';
import './index.css';

/** A voucher to show at the counter: its QR code and code, status and expiry. */
function VoucherDetail() {
  const time = useBusinessTime();
  const id = useRouter().params.id ?? '';
  const answer = useAsync(() => api.voucher(id), [id]);
  useDidShow(() => {
    if (answer.data) void answer.reload();
  });
  if (!answer.data && answer.loading) return <Loading />;
  const voucher = answer.data?.voucher;
  if (!voucher) return <Failure message={messageFor(answer.error)} onRetry={() => void answer.reload()} />;
  const usable = voucher.status === 'issued';
  return (
    <View className='voucher'>
      <Text className='voucher__title'>{voucher.offerTitle}</Text>
      <Text className={`voucher__status voucher__status--${voucher.status}`} data-testid='voucher-detail-status'>{t.voucherStatus[voucher.status]}</Text>
      <View className={usable ? '' : 'voucher__faded'}>
        <QrCode text={voucher.code} />
      </View>
      <Text className='voucher__label'>{t.voucherCode}</Text>
      <Text className='voucher__code' data-testid='voucher-code' selectable>{voucher.code.replace(/(.{4})(?=.)/g, '$1 ')}</Text>
      <Text className='voucher__hint'>{usable ? t.showAtCounter : ''}</Text>
      <Text className='voucher__expiry'>{t.expiresAt(time.at(voucher.expiresAt))}</Text>
    </View>
  );
}

export default withPageBar(VoucherDetail);
