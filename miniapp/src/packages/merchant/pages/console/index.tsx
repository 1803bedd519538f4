import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { messageFor, onStaffSignOut, staffApi, staffRole, staffSignOut } from '../../../../api/client';
import { StaffLogin } from '../../../../components/StaffLogin';
import { Empty, Failure, Loading } from '../../../../components/StateView';
import { formatNumber } from '../../../../i18n/format';
import { t } from '../../../../i18n/messages';
import { u } from '../../../../i18n/ux';
import { mp } from '../posts/i18n';
import { mc } from './i18n';
import { ActionButton, ConfirmedAction, MarkUsed, StatsGrid } from './parts';
import './index.css';
import { useClientConfig } from '../../../../api/client-config';
import { clockTime } from '../../../../i18n/clock';
import { withPageBar } from '../../../../components/PageBar';

/**
 * One part of the console, loaded on its own: a failing request (today's figures, say) is said in
 * its part while the rest, checking vouchers in above all, stays usable. A failed reload keeps the
 * last good data on screen.
 */
function usePart<T>(fetch: () => Promise<T>) {
  const [state, setState] = useState<{ data: T | null; error: unknown; loaded: boolean }>({ data: null, error: null, loaded: false });
  const load = useCallback(async () => {
    try {
      const data = await fetch();
      setState({ data, error: null, loaded: true });
    } catch (error) {
      setState((previous) => ({ data: previous.data, error, loaded: true }));
    }
  }, [fetch]);
  return { ...state, load };
}

const fetchOffers = () => staffApi.offers().then((answer) => answer.items);
const fetchStats = () => staffApi.stats();
const fetchVouchers = () => staffApi.todaysVouchers().then((answer) => answer.items);

/** A part's failure said in its place, with a retry of that part only. */
function PartError({ text, onRetry }: { text: string; onRetry: () => void }) {
  return (
    <View className='console__part-error'>
      <Text className='console__error' data-testid='merchant-part-error'>{text}</Text>
      <Button className='console__button console__button--small' size='mini' onClick={onRetry}>{t.retry}</Button>
    </View>
  );
}

/** The merchant's console: today's numbers, marking vouchers used, their offers, and links to venues and community posts. */
function MerchantConsole() {
  const { businessTimeZone } = useClientConfig();
  const [signedIn, setSignedIn] = useState(staffRole() === 'merchant');
  const offers = usePart(fetchOffers);
  const stats = usePart(fetchStats);
  const vouchers = usePart(fetchVouchers);

  function load() {
    void offers.load();
    void stats.load();
    void vouchers.load();
  }
  useEffect(() => onStaffSignOut(() => setSignedIn(false)), []);
  useDidShow(() => {
    if (signedIn) load();
  });

  if (!signedIn) return <StaffLogin role='merchant' title={t.staffLogin} onSignedIn={() => { setSignedIn(true); load(); }} />;

  async function act(action: () => Promise<unknown>) {
    try {
      await action();
      await Promise.all([offers.load(), stats.load(), vouchers.load()]);
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
      {stats.data && <StatsGrid stats={stats.data} />}
      {Boolean(stats.error) && <PartError text={mc.statsFailed(messageFor(stats.error))} onRetry={() => void stats.load()} />}
      <MarkUsed onUsed={load} />
      <Text className='console__heading'>{t.todaysRedemptions}</Text>
      {Boolean(vouchers.error) && <PartError text={mc.vouchersFailed(messageFor(vouchers.error))} onRetry={() => void vouchers.load()} />}
      {!vouchers.loaded && <Loading />}
      {vouchers.data?.length === 0 && <Text className='console__offer-meta'>{t.noRedemptions}</Text>}
      {vouchers.data?.map((voucher) => (
        <View key={voucher.id} className='console__offer' data-testid='merchant-voucher'>
          <View className='console__offer-main'>
            <Text className='console__offer-title'>{voucher.offerTitle}</Text>
            <Text className='console__offer-meta'>{`…${voucher.code.slice(-4)} · ${clockTime(voucher.issuedAt, businessTimeZone)}`}</Text>
          </View>
          <Text className='console__status'>{t.voucherStatus[voucher.status]}</Text>
          {voucher.status === 'issued' && (
            <View className='console__actions'>
              <ConfirmedAction
                label={t.refund}
                question={mc.refundQuestion(voucher.offerTitle)}
                confirmLabel={mc.confirmRefund}
                action={() => act(() => staffApi.refund(voucher.id))}
                testId='refund-voucher'
              />
            </View>
          )}
        </View>
      ))}
      <View className='console__bar'>
        <Text className='console__heading'>{t.myOffers}</Text>
        <Button className='console__button console__button--small' type='primary' onClick={() => void Taro.navigateTo({ url: '/packages/merchant/pages/offer-form/index' })} data-testid='new-offer'>{t.newOffer}</Button>
      </View>
      {!offers.data && offers.error ? <Failure message={messageFor(offers.error)} onRetry={() => void offers.load()} /> : null}
      {!offers.loaded && <Loading />}
      {offers.data?.length === 0 && <Empty text={t.noOffers} />}
      {offers.data?.map((offer) => (
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

export default withPageBar(MerchantConsole);
