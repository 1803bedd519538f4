import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { businessDate } from '@calorie-bank/shared/dates';
import { api, messageFor, type CampaignsAnswer, type MeAnswer } from '../../api/client';
import { useClientConfig } from '../../api/client-config';
import { ProgressRing } from '../../components/ProgressRing';
import { Failure, Loading } from '../../components/StateView';
import { useAsync } from '../../hooks/useAsync';
import { t } from '../../i18n/messages';
import { platform } from '../../platform';
import { sandboxSettings } from '../../platform/h5';
import { previewCampaignCoins, previewCoins } from './preview';
import { SandboxPanel } from './SandboxPanel';
import './index.css';

const STEP_GOAL = 10_000;

export default function Home() {
  const { businessTimeZone, coinRules } = useClientConfig();
  const me = useAsync<MeAnswer>(() => api.me(), []);
  const campaigns = useAsync<CampaignsAnswer>(() => api.campaigns(), []);
  const [syncing, setSyncing] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [rank, setRank] = useState<number | null>(null);
  const [phoneSteps, setPhoneSteps] = useState<number | null>(platform.name === 'h5' ? sandboxSettings.steps() : null);

  useDidShow(() => {
    if (me.data) void me.reload();
    if (campaigns.data) void campaigns.reload();
  });
  usePullDownRefresh(async () => {
    await Promise.all([me.reload(), campaigns.reload()]);
    Taro.stopPullDownRefresh();
  });

  async function sync() {
    if (!me.data) return;
    setSyncing(true);
    setNotice(null);
    try {
      const today = businessDate(new Date(), businessTimeZone);
      const body = await platform.stepData(today, businessTimeZone);
      const answer = await api.syncSteps(body);
      me.setData({
        ...me.data,
        wallet: { balance: answer.balance },
        today: { date: answer.date, steps: answer.steps, calories: answer.calories, coins: answer.coinsToday },
      });
      setRank(answer.rank);
      const bonus = answer.campaigns.reduce((sum, campaign) => sum + campaign.credited, 0);
      setNotice({ kind: 'ok', text: bonus > 0 ? t.syncedBonus(answer.credited, bonus) : t.synced(answer.credited) });
      if (answer.campaigns.length > 0) void campaigns.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    } finally {
      setSyncing(false);
    }
  }

  if (!me.data && me.loading) return <Loading text={t.signingIn} />;
  if (!me.data) return <Failure message={messageFor(me.error)} onRetry={() => void me.reload()} />;

  const { today, wallet, user } = me.data;
  const active = campaigns.data?.items ?? [];
  const base = { steps: today.steps, coins: today.coins - active.reduce((sum, campaign) => sum + campaign.creditedToday, 0), weightKg: user.weightKg };
  const preview = previewCoins(base, phoneSteps, coinRules);
  const campaignPreview = previewCampaignCoins(base, phoneSteps, active, coinRules);
  return (
    <View className='home'>
      <View className='home__rings'>
        <ProgressRing ratio={today.steps / STEP_GOAL} label={t.goalSteps} value={today.steps.toLocaleString()} color='#10b981' />
        {/* Step coins toward the daily cap; campaign coins come on top of the cap. */}
        <ProgressRing
          ratio={base.coins / coinRules.dailyCoinCap}
          label={`${t.dailyCap} ${coinRules.dailyCoinCap}${today.coins > base.coins ? ` · ${t.ringBonus(today.coins - base.coins)}` : ''}`}
          value={String(base.coins)}
          color='#f59e0b'
          testId='coin-ring'
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
        {campaignPreview > 0 && (
          <Text className='home__preview home__preview--bonus' data-testid='campaign-preview'>
            {t.campaignPreview(campaignPreview)}
          </Text>
        )}
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
      {active.length > 0 && (
        <View className='campaigns' data-testid='campaigns'>
          <Text className='campaigns__title'>{t.campaigns}</Text>
          {active.map((campaign) => (
            <View key={campaign.id} className='campaign' data-testid='campaign'>
              <Text className='campaign__name'>{campaign.name}</Text>
              <Text className='campaign__effect'>{t.campaignEffect(campaign.multiplierPercent, campaign.thresholds)}</Text>
              <Text className='campaign__meta'>
                {campaign.exhausted ? t.campaignExhausted : `${t.campaignCredited(campaign.creditedToday)} · ${t.campaignUntil(campaign.endDate)}`}
              </Text>
            </View>
          ))}
        </View>
      )}
      <View
        className='home__link'
        onClick={() => void Taro.navigateTo({ url: '/packages/communities/pages/list/index' })}
        data-testid='communities-link'
      >
        <Text className='home__link-title'>{t.communities}</Text>
        <Text className='home__link-hint'>{t.communitiesHint}</Text>
      </View>
      {platform.name === 'h5' && <SandboxPanel onChange={setPhoneSteps} />}
    </View>
  );
}
