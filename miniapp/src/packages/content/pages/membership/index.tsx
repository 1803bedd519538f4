import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ApiError, api, messageFor, newIdempotencyKey } from '../../../../api/client';
import { Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { t } from '../../../../i18n/messages';
import { contentApi, type Membership } from '../../api';
import { c } from '../../i18n';
import '../content.css';
import { useBusinessTime } from '../../../../hooks/useBusinessTime';
import { withPageBar } from '../../../../components/PageBar';

/** The fan membership: price, current end, and buying or renewing it with coins (one key per purchase, kept across a retry). */
function MembershipPage() {
  const { day } = useBusinessTime();
  const data = useAsync(async () => {
    const [membership, me] = await Promise.all([contentApi.membership(), api.me()]);
    return { membership: membership.membership, balance: me.wallet.balance };
  }, []);
  // Coins earned or spent elsewhere since: the balance is read again when the page shows again.
  useDidShow(() => {
    if (data.data) void data.reload();
  });
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const purchaseKey = useRef<string | null>(null);
  const buy = useAction(async () => {
    setNotice(null);
    purchaseKey.current ??= newIdempotencyKey();
    try {
      const answer = await contentApi.buyMembership(purchaseKey.current);
      purchaseKey.current = null;
      data.setData({ membership: answer.membership, balance: answer.balance });
      setNotice({ kind: 'ok', text: c.bought(day(answer.membership.endsAt!)) });
    } catch (error) {
      // A refusal is final for this key; only a lost answer is retried with the same one.
      if (!(error instanceof ApiError && error.code === 'NETWORK')) purchaseKey.current = null;
      setNotice({ kind: 'error', text: messageFor(error) });
    } finally {
      setConfirming(false);
    }
  });

  if (!data.data) return data.error ? <Failure message={messageFor(data.error)} onRetry={() => void data.reload()} /> : <Loading />;
  const { membership, balance } = data.data;
  const status = (m: Membership) => (m.active ? c.activeUntil(day(m.endsAt!)) : m.endsAt ? c.expiredOn(day(m.endsAt)) : c.notMember);
  return (
    <View className='content' data-testid='membership'>
      <View className='member-card'>
        <Text className='member-card__title'>{`★ ${c.membership}`}</Text>
        <Text className='member-card__perks'>{c.membershipPerks}</Text>
        <Text className='member-card__price' data-testid='membership-price'>{c.price(membership.priceCoins, membership.days)}</Text>
        <Text className='member-card__status' data-testid='membership-status'>{status(membership)}</Text>
        <Text className='member-card__balance'>{c.balance(balance)}</Text>
      </View>
      {confirming ? (
        <View className='confirm'>
          <Text className='confirm__question'>{c.confirmBuy(membership.priceCoins, membership.days, membership.active ? day(membership.endsAt!) : null)}</Text>
          <View className='confirm__buttons'>
            <Button size='mini' onClick={() => setConfirming(false)} disabled={buy.running}>{c.cancel}</Button>
            <Button size='mini' type='primary' onClick={() => void buy.run()} disabled={buy.running} loading={buy.running} data-testid='confirm-membership'>{c.confirm}</Button>
          </View>
        </View>
      ) : membership.priceCoins > balance ? (
        // Said before asking, as the mall does: confirming could only end in "not enough coins". Not
        // right after a purchase, which is what spent the coins: the page then says it succeeded.
        notice?.kind !== 'ok' && <Text className='notice notice--error' data-testid='membership-short'>{t.notEnough(membership.priceCoins - balance)}</Text>
      ) : (
        <Button className='wide-button' type='primary' onClick={() => setConfirming(true)} data-testid='buy-membership'>{membership.active ? c.renew : c.buy}</Button>
      )}
      {notice && <Text className={`notice notice--${notice.kind}`} data-testid='membership-notice'>{notice.text}</Text>}
    </View>
  );
}

export default withPageBar(MembershipPage);
