import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { WEIGHT_KG_MAX, WEIGHT_KG_MIN } from '@calorie-bank/shared/rules';
import { api, messageFor, signOut, type MeAnswer } from '../../api/client';
import { Failure, Loading } from '../../components/StateView';
import { useAsync } from '../../hooks/useAsync';
import { t } from '../../i18n/messages';
import './index.css';

export default function Me() {
  const me = useAsync<MeAnswer>(() => api.me(), []);
  const [weight, setWeight] = useState('');
  const [saving, setSaving] = useState(false);
  useDidShow(() => {
    if (me.data) void me.reload();
  });
  useEffect(() => {
    if (me.data) setWeight(me.data.user.weightKg === null ? '' : String(me.data.user.weightKg));
  }, [me.data]);

  if (!me.data && me.loading) return <Loading />;
  if (!me.data) return <Failure message={messageFor(me.error)} onRetry={() => void me.reload()} />;

  const weightKg = Number(weight);
  const weightValid = Number.isInteger(weightKg) && weightKg >= WEIGHT_KG_MIN && weightKg <= WEIGHT_KG_MAX;

  async function saveWeight() {
    setSaving(true);
    try {
      me.setData(await api.updateProfile({ weightKg }));
      void Taro.showToast({ title: t.saved, icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: messageFor(error), icon: 'none' });
    } finally {
      setSaving(false);
    }
  }

  return (
    <View className='me'>
      <View className='me__card'>
        <Text className='me__name' data-testid='nickname'>{me.data.user.nickname}</Text>
        <Text className='me__balance' data-testid='me-balance'>{`${t.balance} ${me.data.wallet.balance}`}</Text>
      </View>
      <View className='me__item' onClick={() => void Taro.navigateTo({ url: '/packages/wallet/pages/history/index' })} data-testid='open-history'>
        <Text>{t.walletHistory}</Text>
        <Text className='me__arrow'>›</Text>
      </View>
      <View className='me__item' onClick={() => void Taro.navigateTo({ url: '/packages/vouchers/pages/list/index' })} data-testid='open-vouchers'>
        <Text>{t.myVouchers}</Text>
        <Text className='me__arrow'>›</Text>
      </View>
      <View className='me__item' onClick={() => void Taro.navigateTo({ url: '/packages/merchant/pages/console/index' })} data-testid='open-console'>
        <Text>{t.merchantConsole}</Text>
        <Text className='me__arrow'>›</Text>
      </View>
      <View className='me__item' onClick={() => void Taro.navigateTo({ url: '/packages/ops/pages/console/index' })} data-testid='open-ops'>
        <Text>{t.opsConsole}</Text>
        <Text className='me__arrow'>›</Text>
      </View>
      <View className='me__item'>
        <View className='me__column'>
          <Text>{t.weight}</Text>
          <Text className='me__hint'>{t.weightHint}</Text>
        </View>
        <Input className='me__input' type='number' value={weight} placeholder='60' onInput={(event) => setWeight(event.detail.value)} data-testid='weight' />
        <Button size='mini' disabled={!weightValid || saving} onClick={() => void saveWeight()} data-testid='save-weight'>
          {t.save}
        </Button>
      </View>
      <View className='me__item'>
        <Text>{t.authStatus}</Text>
        <Text className='me__hint'>{me.data.today.steps > 0 ? t.authGranted : t.authUnknown}</Text>
      </View>
      <Button
        className='me__signout'
        onClick={() => {
          signOut();
          void Taro.showToast({ title: t.signedOut, icon: 'none' });
          void Taro.reLaunch({ url: '/pages/index/index' });
        }}
      >
        {t.signOut}
      </Button>
    </View>
  );
}
