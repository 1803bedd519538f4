import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { businessDate } from '@calorie-bank/shared/dates';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, messageFor, newIdempotencyKey, type MeAnswer, type Offer } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { OfferCard } from '../../../../components/OfferCard';
import { Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { t } from '../../../../i18n/messages';
import { formatNumber } from '../../../../i18n/format';
import { withPageBar } from '../../../../components/PageBar';
import './index.css';

/** One offer, its terms, and a two-step redeem: tap, then confirm the price. */
function OfferDetail() {
  const id = useRouter().params.id ?? '';
  const data = useAsync<{ offer: Offer; me: MeAnswer }>(async () => ({ offer: (await api.offer(id)).offer, me: await api.me() }), [id]);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const { businessTimeZone } = useClientConfig();
  // Whether the page is on screen: an answer that comes after the user went elsewhere must not take them to the voucher.
  const onScreen = useRef(true);
  useEffect(() => () => void (onScreen.current = false), []);
  useDidHide(() => {
    onScreen.current = false;
  });
  // Back from the new voucher, the page no longer needs to say that it was redeemed.
  useDidShow(() => {
    onScreen.current = true;
    setNotice((shown) => (shown?.kind === 'ok' ? null : shown));
  });
  // One key per purchase: a retry after a network failure must not buy twice.
  const purchaseKey = useRef<string | null>(null);
  const redeem = useAction(async () => {
    if (!data.data) return;
    const { offer, me } = data.data;
    setNotice(null);
    purchaseKey.current ??= newIdempotencyKey();
    try {
      const answer = await api.redeem(offer.id, purchaseKey.current);
      purchaseKey.current = null;
      setConfirming(false);
      setNotice({ kind: 'ok', text: t.redeemed });
      data.setData({ offer: { ...offer, stockLeft: Math.max(0, offer.stockLeft - 1) }, me: { ...me, wallet: { balance: answer.balance } } });
      if (onScreen.current) void Taro.navigateTo({ url: `/packages/vouchers/pages/detail/index?id=${answer.voucher.id}` });
      else void Taro.showToast({ title: t.redeemed, icon: 'none', duration: 3000 });
    } catch (error) {
      // A refusal is final for this key; only a lost answer is retried with the same one.
      if (!(error instanceof ApiError && error.code === 'NETWORK')) purchaseKey.current = null;
      setConfirming(false);
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });

  if (!data.data && data.loading) return <Loading />;
  if (!data.data) return <Failure message={messageFor(data.error)} onRetry={() => void data.reload()} />;
  const { offer, me } = data.data;
  const balance = me.wallet.balance;
  const shortBy = offer.priceCoins - balance;

  return (
    <View className='offer'>
      <OfferCard offer={offer} />
      <View className='offer__terms'>
        <Text className='offer__description'>{offer.description}</Text>
        <Text className='offer__term'>{t.perUser(offer.perUserLimit)}</Text>
        <Text className='offer__term'>{t.validUntil(businessDate(new Date(offer.validUntil), businessTimeZone))}</Text>
        <Text className='offer__term' data-testid='voucher-life'>{t.voucherLife(offer.voucherTtlSeconds)}</Text>
        <Text className='offer__term'>{`${t.balance} ${formatNumber(balance)}`}</Text>
      </View>
      {shortBy > 0 ? (
        <Text className='offer__short' data-testid='short'>{t.notEnough(shortBy)}</Text>
      ) : offer.stockLeft <= 0 ? (
        <Text className='offer__short'>{t.soldOut}</Text>
      ) : confirming ? (
        <View className='offer__confirm'>
          <Text className='offer__question'>{t.confirmRedeem(offer.priceCoins)}</Text>
          <View className='offer__buttons'>
            <Button size='mini' onClick={() => setConfirming(false)} disabled={redeem.running}>{t.cancel}</Button>
            <Button size='mini' type='primary' onClick={() => void redeem.run()} disabled={redeem.running} data-testid='confirm-redeem'>{t.confirm}</Button>
          </View>
        </View>
      ) : (
        <Button className='offer__redeem' type='primary' onClick={() => setConfirming(true)} data-testid='redeem'>{t.redeem}</Button>
      )}
      {notice && <Text className={`offer__notice offer__notice--${notice.kind}`} data-testid='redeem-notice'>{notice.text}</Text>}
    </View>
  );
}

export default withPageBar(OfferDetail);
