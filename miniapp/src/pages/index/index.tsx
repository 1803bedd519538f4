import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { businessDate } from '@calorie-bank/shared/dates';
import { isImplausibleSteps } from '@calorie-bank/shared/rules';
import { api, isSignedOut, messageFor, type CampaignsAnswer, type MeAnswer } from '../../api/client';
import { useClientConfig } from '../../api/client-config';
import { ProgressRing } from '../../components/ProgressRing';
import { Failure, Loading } from '../../components/StateView';
import { useAction } from '../../hooks/useAction';
import { useAsync } from '../../hooks/useAsync';
import { formatNumber } from '../../i18n/format';
import { t } from '../../i18n/messages';
import { u } from '../../i18n/ux';
import { platform } from '../../platform';
import { sandboxSettings } from '../../platform/h5';
import { SignedOut } from '../me/SignedOut';
import { previewCampaignCoins, previewCoins } from './preview';
import { SandboxPanel } from './SandboxPanel';
import { VenuesLink } from './VenuesLink';
import { ChannelLink } from './ChannelLink';
import './index.css';

const STEP_GOAL = 10_000;

export default function Home() {
  const { businessTimeZone, coinRules } = useClientConfig();
  const me = useAsync<MeAnswer>(() => api.me(), []);
  const campaigns = useAsync<CampaignsAnswer>(() => api.campaigns(), []);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [rank, setRank] = useState<number | null>(null);
  const [phoneSteps, setPhoneSteps] = useState<number | null>(platform.name === 'h5' ? sandboxSettings.steps() : null);

  const [signedOut, setSignedOut] = useState(isSignedOut);
  useDidShow(() => {
    setSignedOut(isSignedOut());
    if (isSignedOut()) return;
    if (me.data) void me.reload();
    if (campaigns.data) void campaigns.reload();
  });
  usePullDownRefresh(async () => {
    await Promise.all([me.reload(), campaigns.reload()]);
    Taro.stopPullDownRefresh();
  });

  // One sync at a time: a second tap while one runs sends nothing, so the notice is always what the request that ran credited.
  const sync = useAction(async () => {
    if (!me.data) return;
    setNotice(null);
    try {
      const today = businessDate(new Date(), businessTimeZone);
      const body = await platform.stepData(today, businessTimeZone);
      const answer = await api.syncSteps(body);
      me.setData({
        ...me.data,
        wallet: { balance: answer.balance },
        today: { ...me.data.today, date: answer.date, steps: answer.steps, calories: answer.calories, coins: answer.coinsToday },
      });
      setRank(answer.rank);
      const bonus = answer.campaigns.reduce((sum, campaign) => sum + campaign.credited, 0);
      setNotice({ kind: 'ok', text: bonus > 0 ? t.syncedBonus(answer.credited, bonus) : t.synced(answer.credited) });
      if (answer.campaigns.length > 0) void campaigns.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });

  if (signedOut) return <SignedOut onSignedIn={() => { setSignedOut(false); void me.reload(); void campaigns.reload(); }} />;
  if (!me.data && me.loading) return <Loading text={t.signingIn} />;
  if (!me.data) return <Failure message={messageFor(me.error)} onRetry={() => void me.reload()} />;

  const { today, wallet, user } = me.data;
  const active = campaigns.data?.items ?? [];
  const base = { steps: today.steps, coins: today.coins - active.reduce((sum, campaign) => sum + campaign.creditedToday, 0), weightKg: user.weightKg };
  // The BFF refuses a day counted beyond the deployment's limit: nothing of it would be credited.
  const refused = phoneSteps !== null && isImplausibleSteps(phoneSteps, coinRules);
  const preview = refused ? 0 : previewCoins(base, phoneSteps, coinRules);
  const campaignPreview = refused ? 0 : previewCampaignCoins(base, phoneSteps, active, coinRules);
  return (
    <View className='home'>
      <View className='home__rings'>
        <ProgressRing ratio={today.steps / STEP_GOAL} label={t.goalSteps} value={formatNumber(today.steps)} color='#10b981' valueTestId='today-steps' />
        {/* Step coins toward the daily cap; campaign coins come on top of the cap, under the ring so its label stays inside. */}
        <View className='home__ring-column'>
          <ProgressRing
            ratio={base.coins / coinRules.dailyCoinCap}
            label={`${t.dailyCap} ${formatNumber(coinRules.dailyCoinCap)}`}
            value={formatNumber(base.coins)}
            color='#f59e0b'
            testId='coin-ring'
          />
          {today.coins > base.coins && <Text className='home__ring-bonus' data-testid='coin-ring-bonus'>{t.ringBonus(today.coins - base.coins)}</Text>}
        </View>
      </View>
      <View className='home__stats'>
        {[
          { id: 'today-calories', value: today.calories, label: t.caloriesInKcal },
          { id: 'today-coins', value: today.coins, label: t.coinsToday },
          { id: 'balance', value: wallet.balance, label: t.balance },
        ].map((stat) => (
          <View key={stat.id} className='stat'>
            <Text className='stat__value' data-testid={stat.id}>{formatNumber(stat.value)}</Text>
            <Text className='stat__label'>{stat.label}</Text>
          </View>
        ))}
      </View>
      <View className='home__sync'>
        {/* "All collected" only when campaigns have nothing more to give either. */}
        {refused ? (
          <Text className='home__preview home__preview--refused' data-testid='preview'>{t.syncImplausible(phoneSteps, coinRules.implausibleStepsAbove)}</Text>
        ) : (
          (preview > 0 || campaignPreview === 0) && (
            <Text className='home__preview' data-testid='preview'>
              {/* "All collected" only at the cap; below it, the steps so far are in and more walking earns more. */}
              {preview === 0 && base.coins < coinRules.dailyCoinCap ? u.walkMore : t.syncPreview(preview)}
            </Text>
          )
        )}
        {campaignPreview > 0 && (
          <Text className='home__preview home__preview--bonus' data-testid='campaign-preview'>
            {t.campaignPreview(campaignPreview)}
          </Text>
        )}
        <Button className='home__button' type='primary' disabled={sync.running} onClick={() => void sync.run()} data-testid='sync'>
          {sync.running ? t.syncing : t.sync}
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
              <Text className='campaign__effect'>{t.campaignEffect(campaign)}</Text>
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
      <VenuesLink workoutCoins={today.workoutCoins} />
      <ChannelLink />
      {platform.name === 'h5' && <SandboxPanel onChange={setPhoneSteps} />}
    </View>
  );
}
