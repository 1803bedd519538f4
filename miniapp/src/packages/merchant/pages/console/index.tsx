import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { messageFor, onStaffSignOut, staffApi, staffRole, staffSignOut, type MerchantStatsAnswer, type Offer, type Voucher } from '../../../../api/client';
import { StaffLogin } from '../../../../components/StaffLogin';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { formatNumber } from '../../../../i18n/format';
import { t } from '../../../../i18n/messages';
import { u } from '../../../../i18n/ux';
import { mp } from '../posts/i18n';
import { ActionButton, MarkUsed, StatsGrid } from './parts';
import './index.css';

/** The merchant's console: today's numbers, marking vouchers used, their offers, and links to venues and community posts. */
export default function MerchantConsole() {
  const [signedIn, setSignedIn] = useState(staffRole() === 'merchant');
  const [offers, setOffers] = useState<Offer[] | null>(null);
  const [stats, setStats] = useState<MerchantStatsAnswer | null>(null);
  const [vouchers, setVouchers] = useState<Voucher[]>([]);
  const [error, setError] = useState<unknown>(null);

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
      <View className='console__top'>
        <Text className='console__title'>{t.merchantConsole}</Text>
        <Text className='console__signout' onClick={staffSignOut} data-testid='merchant-sign-out'>{u.signOutStaff}</Text>
      </View>
      <View className='console__venues'>
        <Text className='console__venue-link' onClick={() => void Taro.navigateTo({ url: '/packages/merchant/pages/gate/index' })} data-testid='open-gate'>{t.venueGate}</Text>
        <Text className='console__venue-link' onClick={() => void Taro.navigateTo({ url: '/packages/merchant/pages/live/index' })} data-testid='open-live'>{t.venueLive}</Text>
        <Text className='console__venue-link' onClick={() => void Taro.navigateTo({ url: '/packages/merchant/pages/facilities/index' })} data-testid='open-facilities'>{t.venueFacilities}</Text>
        <Text className='console__venue-link' onClick={() => void Taro.navigateTo({ url: '/packages/merchant/pages/posts/index' })} data-testid='open-merchant-posts'>{mp.title}</Text>
      </View>
      {stats && <StatsGrid stats={stats} />}
      <MarkUsed onUsed={() => void load()} />
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
            <View className='console__actions'>
              <ActionButton label={t.refund} action={() => act(() => staffApi.refund(voucher.id))} testId='refund-voucher' />
            </View>
          )}
        </View>
      ))}
      <View className='console__bar'>
        <Text className='console__heading'>{t.myOffers}</Text>
        <Button className='console__button console__button--small' type='primary' onClick={() => void Taro.navigateTo({ url: '/packages/merchant/pages/offer-form/index' })} data-testid='new-offer'>{t.newOffer}</Button>
      </View>
      {offers.length === 0 && <Empty text={t.noOffers} />}
      {offers.map((offer) => (
        <View key={offer.id} className='console__offer' data-testid='merchant-offer'>
          <View className='console__offer-main'>
            <Text className='console__offer-title'>{offer.title}</Text>
            <Text className='console__offer-meta'>{`${formatNumber(offer.priceCoins)} ${t.coins} · ${t.stockLeft(offer.stockLeft)}${offer.rejectReason ? ` · ${offer.rejectReason}` : ''}`}</Text>
          </View>
          <Text className={`console__status console__status--${offer.status}`} data-testid='merchant-offer-status'>{t.offerStatus[offer.status]}</Text>
          <View className='console__actions'>
            {(offer.status === 'draft' || offer.status === 'rejected') && (
              <Button className='console__button console__button--small' onClick={() => void Taro.navigateTo({ url: `/packages/merchant/pages/offer-form/index?id=${offer.id}` })}>{t.edit}</Button>
            )}
            {offer.status === 'draft' && <ActionButton label={t.submitReview} primary action={() => act(() => staffApi.submitOffer(offer.id))} testId='submit-offer' />}
            {offer.status === 'live' && <ActionButton label={t.pause} action={() => act(() => staffApi.updateOffer(offer.id, { status: 'paused' }))} />}
            {offer.status === 'paused' && <ActionButton label={t.resume} action={() => act(() => staffApi.updateOffer(offer.id, { status: 'live' }))} />}
          </View>
        </View>
      ))}
    </View>
  );
}
