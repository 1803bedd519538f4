import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { WEIGHT_KG_MAX, WEIGHT_KG_MIN } from '@calorie-bank/shared/rules';
import { api, isSignedOut, messageFor, signOut, staffRole, type MeAnswer } from '../../api/client';
import { Failure, Loading } from '../../components/StateView';
import { FrozenNotice, useStanding, WarningsNotice } from '../../components/Warnings';
import { fieldErrorsOf } from '../../hooks/fieldErrors';
import { useAction } from '../../hooks/useAction';
import { useAsync } from '../../hooks/useAsync';
import { t } from '../../i18n/messages';
import { u } from '../../i18n/ux';
import { Profile } from './Profile';
import { SignedOut } from './SignedOut';
import './index.css';

function Item({ label, url, testId }: { label: string; url: string; testId: string }) {
  return (
    <View className='me__item' onClick={() => void Taro.navigateTo({ url })} data-testid={testId}>
      <Text>{label}</Text>
      <Text className='me__arrow'>›</Text>
    </View>
  );
}

const MERCHANT_CONSOLE = '/packages/merchant/pages/console/index';
const OPS_CONSOLE = '/packages/ops/pages/console/index';

export default function Me() {
  const me = useAsync<MeAnswer>(() => api.me(), []);
  const standing = useStanding();
  const [weight, setWeight] = useState('');
  const [weightError, setWeightError] = useState<string | null>(null);
  // Consoles are for staff: shown once a staff member signed in on this device, otherwise behind a small entrance.
  const [role, setRole] = useState(staffRole);
  const [staffOpen, setStaffOpen] = useState(false);
  const [signedOut, setSignedOut] = useState(isSignedOut);
  useDidShow(() => {
    setRole(staffRole());
    setSignedOut(isSignedOut());
    if (me.data && !isSignedOut()) {
      void me.reload();
      void standing.reload();
    }
  });
  useEffect(() => {
    if (me.data) setWeight(me.data.user.weightKg === null ? '' : String(me.data.user.weightKg));
  }, [me.data]);

  const saveWeight = useAction(async () => {
    setWeightError(null);
    try {
      me.setData(await api.updateProfile({ weightKg: Number(weight) }));
      void Taro.showToast({ title: t.saved, icon: 'success' });
    } catch (error) {
      setWeightError(fieldErrorsOf(error, ['weightKg']).weightKg ?? messageFor(error));
    }
  });

  if (signedOut) return <SignedOut onSignedIn={() => { setSignedOut(false); void me.reload(); void standing.reload(); }} />;
  if (!me.data && me.loading) return <Loading />;
  if (!me.data) return <Failure message={messageFor(me.error)} onRetry={() => void me.reload()} />;

  const weightKg = Number(weight);
  const weightValid = Number.isInteger(weightKg) && weightKg >= WEIGHT_KG_MIN && weightKg <= WEIGHT_KG_MAX;

  return (
    <View className='me'>
      <Profile me={me.data} onSaved={me.setData} />
      <WarningsNotice standing={standing} />
      {me.data.user.frozen && <FrozenNotice />}
      <Item label={t.walletHistory} url='/packages/wallet/pages/history/index' testId='open-history' />
      <Item label={t.myVouchers} url='/packages/vouchers/pages/list/index' testId='open-vouchers' />
      <Item label={t.myCollectibles} url='/packages/content/pages/collection/index' testId='open-collection' />
      <Item label={t.fanMembership} url='/packages/content/pages/membership/index' testId='open-membership' />
      {role === 'merchant' && <Item label={t.merchantConsole} url={MERCHANT_CONSOLE} testId='open-console' />}
      {role === 'operator' && <Item label={t.opsConsole} url={OPS_CONSOLE} testId='open-ops' />}
      <View className='me__item me__item--wrap'>
        <View className='me__column'>
          <Text>{t.weight}</Text>
          <Text className='me__hint'>{t.weightHint}</Text>
        </View>
        <View className='me__weight'>
          <Input className='me__input' type='number' value={weight} placeholder='60' onInput={(event) => setWeight(event.detail.value)} data-testid='weight' />
          <Button
            className='me__small'
            size='mini'
            disabled={!weightValid || saveWeight.running}
            onClick={() => {
              // The look says "not now" but a disabled button may still fire in H5: the guard is here.
              if (weightValid) void saveWeight.run();
            }}
            data-testid='save-weight'
          >
            {t.save}
          </Button>
        </View>
        {(weightError ?? (weight && !weightValid ? u.weightRange(WEIGHT_KG_MIN, WEIGHT_KG_MAX) : null)) && (
          <Text className='field-error me__field-error' data-testid='field-error-weightKg'>{weightError ?? u.weightRange(WEIGHT_KG_MIN, WEIGHT_KG_MAX)}</Text>
        )}
      </View>
      <View className='me__item'>
        <Text>{t.authStatus}</Text>
        <Text className='me__hint'>{me.data.today.steps > 0 ? t.authGranted : t.authUnknown}</Text>
      </View>
      <Button
        className='me__signout'
        onClick={() => {
          signOut();
          setSignedOut(true);
          void Taro.showToast({ title: t.signedOut, icon: 'none' });
        }}
        data-testid='sign-out'
      >
        {t.signOut}
      </Button>
      {!role && (
        <View className='me__staff'>
          <Text className='me__staff-link' onClick={() => setStaffOpen(!staffOpen)} data-testid='staff-entrance'>{u.staffEntrance}</Text>
          {staffOpen && (
            <View className='me__staff-links'>
              <Text className='me__staff-link' onClick={() => void Taro.navigateTo({ url: MERCHANT_CONSOLE })} data-testid='open-console'>{t.merchantConsole}</Text>
              <Text className='me__staff-link' onClick={() => void Taro.navigateTo({ url: OPS_CONSOLE })} data-testid='open-ops'>{t.opsConsole}</Text>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
