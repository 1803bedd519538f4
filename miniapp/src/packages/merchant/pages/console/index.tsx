import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { messageFor, onStaffSignOut, staffApi, staffRole, type MerchantStatsAnswer, type Offer, type Voucher } from '../../../../api/client';
import { StaffLogin } from '../../../../components/StaffLogin';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { t } from '../../../../i18n/messages';
import { platform } from '../../../../platform';
import './index.css';

/** The merchant's console: today's numbers, marking vouchers used, and their offers. */
export default function MerchantConsole() {
  const [signedIn, setSignedIn] = useState(staffRole() === 'merchant');
  const [offers, setOffers] = useState<Offer[] | null>(null);
  const [stats, setStats] = useState<MerchantStatsAnswer | null>(null);
  const [vouchers, setVouchers] = useState<Voucher[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function load() {
    setError(null);
    try {
      const [list, numbers, today] = await Promise.all([staffApi.offers(), staffApi.stats(), staffApi.todaysVouchers()]);
      setOffers(list.items);
      setStats(numbers);
      setVouchers(today.items);
    } catch (caught) {
      setError(caught);
    }
  }
  useEffect(() => onStaffSignOut(() => setSignedIn(false)), []);
  useDidShow(() => {
    if (signedIn) void load();
  });

  if (!signedIn) return <StaffLogin role='merchant' title={t.staffLogin} onSignedIn={() => { setSignedIn(true); void load(); }} />;
  if (!offers && !error) return <Loading />;
  if (!offers) return <Failure message={messageFor(error)} onRetry={() => void load()} />;

  async function markUsed(value: string) {
    setNotice(null);
    try {
      const { voucher } = await staffApi.markVoucherUsed(value);
      setNotice({ kind: 'ok', text: t.markedUsed(voucher.offerTitle) });
      setCode('');
      void load();
    } catch (caught) {
      setNotice({ kind: 'error', text: messageFor(caught) });
    }
  }

  async function act(action: () => Promise<unknown>) {
    try {
      await action();
      await load();
    } catch (caught) {
      void Taro.showToast({ title: messageFor(caught), icon: 'none' });
    }
  }

  return (
    <View className='console'>
      {stats && <Text className='console__stats' data-testid='merchant-stats'>{t.todayStats(stats.redeemedToday, stats.usedToday, stats.coinsEarned)}</Text>}
      <View className='console__checkin'>
        <Input className='console__input console__input--code' placeholder={t.voucherCodePlaceholder} value={code} onInput={(event) => setCode(event.detail.value)} data-testid='checkin-code' />
        <Button size='mini' type='primary' disabled={!code.trim()} onClick={() => void markUsed(code)} data-testid='checkin'>{t.markUsed}</Button>
        <Button size='mini' onClick={() => void platform.scanCode().then(markUsed, () => undefined)}>{t.scan}</Button>
      </View>
      {notice && <Text className={`console__notice console__notice--${notice.kind}`} data-testid='checkin-notice'>{notice.text}</Text>}
      <Text className='console__heading'>{t.todaysRedemptions}</Text>
      {vouchers.length === 0 && <Text className='console__offer-meta'>{t.noRedemptions}</Text>}
      {vouchers.map((voucher) => (
        <View key={voucher.id} className='console__offer' data-testid='merchant-voucher'>
          <View className='console__offer-main'>
            <Text className='console__offer-title'>{voucher.offerTitle}</Text>
            <Text className='console__offer-meta'>{`…${voucher.code.slice(-4)} · ${new Date(voucher.issuedAt).toLocaleTimeString()}`}</Text>
          </View>
          <Text className='console__status'>{t.voucherStatus[voucher.status]}</Text>
          {voucher.status === 'issued' && (
            <Button size='mini' onClick={() => void act(() => staffApi.refund(voucher.id))} data-testid='refund-voucher'>{t.refund}</Button>
          )}
        </View>
      ))}
      <View className='console__bar'>
        <Text className='console__heading'>{t.myOffers}</Text>
        <Button size='mini' onClick={() => void Taro.navigateTo({ url: '/packages/merchant/pages/offer-form/index' })} data-testid='new-offer'>{t.newOffer}</Button>
      </View>
      {offers.length === 0 && <Empty text={t.noOffers} />}
      {offers.map((offer) => (
        <View key={offer.id} className='console__offer' data-testid='merchant-offer'>
          <View className='console__offer-main'>
            <Text className='console__offer-title'>{offer.title}</Text>
            <Text className='console__offer-meta'>{`${offer.priceCoins} ${t.coins} · ${t.stockLeft(offer.stockLeft)}${offer.rejectReason ? ` · ${offer.rejectReason}` : ''}`}</Text>
          </View>
          <Text className={`console__status console__status--${offer.status}`} data-testid='merchant-offer-status'>{t.offerStatus[offer.status]}</Text>
          {(offer.status === 'draft' || offer.status === 'rejected') && (
            <View className='console__actions'>
              <Button size='mini' onClick={() => void Taro.navigateTo({ url: `/packages/merchant/pages/offer-form/index?id=${offer.id}` })}>{t.edit}</Button>
              {offer.status === 'draft' && (
                <Button size='mini' type='primary' onClick={() => void act(() => staffApi.submitOffer(offer.id))} data-testid='submit-offer'>{t.submitReview}</Button>
              )}
            </View>
          )}
          {offer.status === 'live' && <Button size='mini' onClick={() => void act(() => staffApi.updateOffer(offer.id, { status: 'paused' }))}>{t.pause}</Button>}
          {offer.status === 'paused' && <Button size='mini' onClick={() => void act(() => staffApi.updateOffer(offer.id, { status: 'live' }))}>{t.resume}</Button>}
        </View>
      ))}
    </View>
  );
}
