import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { businessDate } from '@calorie-bank/shared/dates';
import { DEFAULT_COIN_RULES } from '@calorie-bank/shared/rules';
import { api, messageFor, type MeAnswer } from '../../api/client';
import { ProgressRing } from '../../components/ProgressRing';
import { Failure, Loading } from '../../components/StateView';
import { useAsync } from '../../hooks/useAsync';
import { t } from '../../i18n/messages';
import { platform } from '../../platform';
import { sandboxSettings } from '../../platform/h5';
import { previewCoins } from './preview';
import { SandboxPanel } from './SandboxPanel';
import './index.css';

const STEP_GOAL = 10_000;

export default function Home() {
  const me = useAsync<MeAnswer>(() => api.me(), []);
  const [syncing, setSyncing] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [rank, setRank] = useState<number | null>(null);
  const [phoneSteps, setPhoneSteps] = useState<number | null>(platform.name === 'h5' ? sandboxSettings.steps() : null);

  useDidShow(() => {
    if (me.data) void me.reload();
  });
  usePullDownRefresh(async () => {
    await me.reload();
    Taro.stopPullDownRefresh();
  });

  async function sync() {
    if (!me.data) return;
    setSyncing(true);
    setNotice(null);
    try {
      const today = businessDate(new Date(), 'Asia/Shanghai');
      const body = await platform.stepData(today);
      const answer = await api.syncSteps(body);
      me.setData({
        ...me.data,
        wallet: { balance: answer.balance },
        today: { date: answer.date, steps: answer.steps, calories: answer.calories, coins: answer.coinsToday },
      });
      setRank(answer.rank);
      setNotice({ kind: 'ok', text: t.synced(answer.credited) });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    } finally {
      setSyncing(false);
    }
  }

  if (!me.data && me.loading) return <Loading text={t.signingIn} />;
  if (!me.data) return <Failure message={messageFor(me.error)} onRetry={() => void me.reload()} />;

  const { today, wallet, user } = me.data;
  const preview = previewCoins({ steps: today.steps, coins: today.coins, weightKg: user.weightKg }, phoneSteps);
  return (
    <View className='home'>
      <View className='home__rings'>
        <ProgressRing ratio={today.steps / STEP_GOAL} label={t.goalSteps} value={today.steps.toLocaleString()} color='#10b981' />
        <ProgressRing
          ratio={today.coins / DEFAULT_COIN_RULES.dailyCoinCap}
          label={`${t.dailyCap} ${DEFAULT_COIN_RULES.dailyCoinCap}`}
          value={String(today.coins)}
          color='#f59e0b'
        />
      </View>
      <View className='home__stats'>
        {[
          { id: 'today-steps', value: today.steps, label: t.todaySteps },
          { id: 'today-calories', value: today.calories, label: `${t.calories}（${t.kcal}）` },
          { id: 'today-coins', value: today.coins, label: t.coinsToday },
          { id: 'balance', value: wallet.balance, label: t.balance },
        ].map((stat) => (
          <View key={stat.id} className='stat'>
            <Text className='stat__value' data-testid={stat.id}>{stat.value}</Text>
            <Text className='stat__label'>{stat.label}</Text>
          </View>
        ))}
      </View>
      <View className='home__sync'>
        <Text className='home__preview' data-testid='preview'>{t.syncPreview(preview)}</Text>
        <Button className='home__button' type='primary' disabled={syncing} onClick={() => void sync()} data-testid='sync'>
          {syncing ? t.syncing : t.sync}
        </Button>
        <Text className='home__why'>{t.syncWhy}</Text>
        {notice && (
          <Text className={`home__notice home__notice--${notice.kind}`} data-testid='notice'>
            {notice.text}
          </Text>
        )}
        {rank !== null && <Text className='home__rank' data-testid='rank'>{t.rank(rank)}</Text>}
      </View>
      {platform.name === 'h5' && <SandboxPanel onChange={setPhoneSteps} />}
    </View>
  );
}
