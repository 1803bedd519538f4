import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { businessDate } from '@calorie-bank/shared/dates';
import { messageFor } from '../../../api/client';
import { useClientConfig } from '../../../api/client-config';
import { Empty, Failure, Loading } from '../../../components/StateView';
import { useAction } from '../../../hooks/useAction';
import { useAsync } from '../../../hooks/useAsync';
import { t } from '../../../i18n/messages';
import { opsApi, type OpsCampaign, type OpsCommunity } from '../api';
import { o } from '../i18n';
import { CampaignForm, positive } from './CampaignForm';
import { Confirm } from './Confirm';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/**
 * What a campaign's badge says on `today`: an active campaign is "not started" before its first day
 * and "over" after its last (it pays nothing then), "running" between; paused and ended say so.
 */
export function statusOn(campaign: Pick<OpsCampaign, 'status' | 'startDate' | 'endDate'>, today: string): string {
  if (campaign.status !== 'active') return campaign.status;
  if (today < campaign.startDate) return 'upcoming';
  if (today > campaign.endDate) return 'over';
  return 'active';
}

function CampaignCard({ campaign, communities, onChange }: { campaign: OpsCampaign; communities: OpsCommunity[]; onChange: (notice: Notice) => void }) {
  const { businessTimeZone } = useClientConfig();
  const shownStatus = statusOn(campaign, businessDate(new Date(), businessTimeZone));
  const [topUp, setTopUp] = useState('');
  const [topUpError, setTopUpError] = useState<string | null>(null);
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const audience = campaign.communityIds.length === 0
    ? o.everyone
    : campaign.communityIds.map((id) => communities.find((community) => community.id === id)?.name ?? `#${id}`).join('、');
  const workoutBonus = (campaign.workoutThresholds ?? []).map((threshold) => `${o.thresholdWorkoutCoins} ${threshold.workoutCoins} +${threshold.coins}`).join(' / ');
  const effect = [
    // A step campaign reads as it always did; one counting workouts says so first.
    campaign.target === 'steps' ? '' : o.targets[campaign.target],
    t.campaignEffect({ multiplierPercent: campaign.multiplierPercent, thresholds: campaign.thresholds }),
    workoutBonus,
    campaign.prizes.length > 0 ? o.prizeList(campaign.prizes) : '',
  ]
    .filter(Boolean)
    .join(' · ');

  // Pause, resume, end and top-up share one guard: one change of this campaign at a time.
  const changer = useAction(async (changes: Record<string, unknown>) => {
    try {
      await opsApi.updateCampaign(campaign.id, changes);
      if ('budgetCoins' in changes) setTopUp('');
      setConfirmingEnd(false);
      onChange(null);
    } catch (caught) {
      onChange({ kind: 'error', text: messageFor(caught) });
    }
  });
  const change = changer.run;
  const busy = changer.running;
  // A disabled H5 button still fires its tap, so a bad amount is caught here and said beside the field.
  const addBudget = () => {
    if (busy) return;
    if (!positive(topUp)) {
      setTopUpError(o.errors.topUp);
      return;
    }
    void change({ budgetCoins: campaign.budgetCoins + Number(topUp) });
  };

  return (
    <View className='ops-card' data-testid='ops-campaign'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{campaign.name}</Text>
        <Text className={`ops-badge ops-badge--${shownStatus}`} data-testid='ops-campaign-status'>{o.campaignStatus[shownStatus]}</Text>
      </View>
      <Text className='ops-card__meta'>{`${o.dates(campaign.startDate, campaign.endDate)} · ${o.audience}：${audience}`}</Text>
      <Text className='ops-card__text'>{effect}</Text>
      <Text className='ops-card__meta' data-testid='ops-campaign-budget'>{o.budgetLeft(campaign.budgetLeft, campaign.budgetCoins)}</Text>
      <View className='ops-progress'>
        <View className='ops-progress__fill' style={{ width: `${campaign.budgetCoins > 0 ? (campaign.budgetLeft / campaign.budgetCoins) * 100 : 0}%` }} />
      </View>
      {campaign.status !== 'ended' && (
        <View className='ops-card__actions'>
          {campaign.status === 'active' && <Button className='ops-button' size='mini' type='default' disabled={busy} onClick={() => void change({ status: 'paused' })} data-testid='pause-campaign'>{o.pause}</Button>}
          {campaign.status === 'paused' && <Button className='ops-button' size='mini' type='primary' disabled={busy} onClick={() => void change({ status: 'active' })} data-testid='resume-campaign'>{o.resume}</Button>}
          <Button className='ops-button' size='mini' type='warn' disabled={busy || confirmingEnd} onClick={() => setConfirmingEnd(true)} data-testid='end-campaign'>{o.end}</Button>
          <View className='ops-inline-field'>
            <Input className='ops-input ops-input--short' type='number' placeholder={o.topUpAmount} value={topUp}
              onInput={(event) => { setTopUp(event.detail.value); setTopUpError(null); }} data-testid='top-up-amount' />
            {topUpError && <Text className='field-error ops-field__error' data-testid='field-error-top-up'>{topUpError}</Text>}
          </View>
          <Button className='ops-button' size='mini' type='default' disabled={busy} onClick={addBudget} data-testid='top-up'>{o.topUp}</Button>
        </View>
      )}
      {campaign.status !== 'ended' && confirmingEnd && (
        <Confirm question={o.confirmEnd(campaign.name)} yes={o.end} busy={busy} onConfirm={() => void change({ status: 'ended' })} onBack={() => setConfirmingEnd(false)} testId='confirm-end-campaign' />
      )}
    </View>
  );
}

/** Campaigns: create one (funded from the mint), pause, resume, end, and add to its budget. */
export function Campaigns() {
  const campaigns = useAsync(() => opsApi.campaigns(), []);
  const communities = useAsync(() => opsApi.communities(), []);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  if (!campaigns.data && campaigns.error) return <Failure message={messageFor(campaigns.error)} onRetry={() => void campaigns.reload()} />;
  if (!campaigns.data) return <Loading />;
  const groups = communities.data?.items ?? [];
  return (
    <View>
      <View className='ops-bar'>
        <Button className='ops-button' size='mini' type={creating ? 'default' : 'primary'} onClick={() => setCreating(!creating)} data-testid='new-campaign'>
          {creating ? o.closeForm : o.newCampaign}
        </Button>
      </View>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='campaigns-notice'>{notice.text}</Text>}
      {creating && (
        <CampaignForm
          communities={groups}
          onCreated={(campaign) => {
            setCreating(false);
            setNotice({ kind: 'ok', text: o.created(campaign.name) });
            void campaigns.reload();
          }}
        />
      )}
      {campaigns.data.items.length === 0 && !creating && <Empty text={o.noCampaigns} />}
      <View className='ops-grid' style={{ marginTop: '16px' }}>
        {campaigns.data.items.map((campaign) => (
          <CampaignCard
            key={campaign.id}
            campaign={campaign}
            communities={groups}
            onChange={(next) => {
              setNotice(next);
              void campaigns.reload();
            }}
          />
        ))}
      </View>
    </View>
  );
}
