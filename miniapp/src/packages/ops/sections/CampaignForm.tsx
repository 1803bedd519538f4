import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { MAX_MULTIPLIER_PERCENT } from '@calorie-bank/shared/campaign-rules';
import type { CampaignTarget } from '@calorie-bank/shared/campaign-workout-rules';
import { businessDate, isCalendarDate } from '@calorie-bank/shared/dates';
import { useEffect, useRef, useState } from 'react';
import { useClientConfig } from '../../../api/client-config';
import { refusalText } from '../failure';
import { useAction } from '../../../hooks/useAction';
import { opsApi, type CampaignRequest, type OpsCampaign, type OpsCommunity } from '../api';
import { o } from '../i18n';
import { Field } from './Field';

interface Form {
  name: string;
  description: string;
  startDate: string;
  endDate: string;
  communityIds: string[];
  multiplierPercent: string;
  thresholds: { steps: string; coins: string }[];
  target: CampaignTarget;
  workoutThresholds: { workoutCoins: string; coins: string }[];
  prizes: string;
  budgetCoins: string;
}

function emptyForm(timeZone: string): Form {
  const today = businessDate(new Date(), timeZone);
  return { name: '', description: '', startDate: today, endDate: today, communityIds: [], multiplierPercent: '200', thresholds: [], target: 'steps', workoutThresholds: [], prizes: '', budgetCoins: '10000' };
}

const WHOLE = /^\d+$/;
/** Whether a field holds a whole number above zero. */
export const positive = (text: string) => WHOLE.test(text.trim()) && Number(text) > 0;

/** The request for a filled-in form, or what is wrong with it in words. */
export function campaignRequest(form: Form): { body: CampaignRequest } | { error: string } {
  if (!form.name.trim()) return { error: o.errors.name };
  if (!isCalendarDate(form.startDate.trim()) || !isCalendarDate(form.endDate.trim()) || form.endDate.trim() < form.startDate.trim()) return { error: o.errors.dates };
  const multiplier = Number(form.multiplierPercent);
  if (!WHOLE.test(form.multiplierPercent.trim()) || multiplier < 100 || multiplier > MAX_MULTIPLIER_PERCENT) return { error: o.errors.multiplier(MAX_MULTIPLIER_PERCENT) };
  // Only the thresholds of what the campaign counts are sent; the others would pay nothing.
  const stepThresholds = form.target === 'workouts' ? [] : form.thresholds;
  const workoutThresholds = form.target === 'steps' ? [] : form.workoutThresholds;
  if (stepThresholds.some((threshold) => !positive(threshold.steps) || !positive(threshold.coins))) return { error: o.errors.threshold };
  if (workoutThresholds.some((threshold) => !positive(threshold.workoutCoins) || !positive(threshold.coins))) return { error: o.errors.threshold };
  const prizes = form.prizes.split(/[,，\s]+/).filter(Boolean);
  if (prizes.length > 10 || prizes.some((prize) => !positive(prize))) return { error: o.errors.prizes };
  if (!positive(form.budgetCoins)) return { error: o.errors.budget };
  if (multiplier === 100 && stepThresholds.length === 0 && workoutThresholds.length === 0 && prizes.length === 0) return { error: o.errors.effect };
  return {
    body: {
      name: form.name.trim(),
      description: form.description.trim(),
      startDate: form.startDate.trim(),
      endDate: form.endDate.trim(),
      communityIds: form.communityIds,
      multiplierPercent: multiplier,
      thresholds: stepThresholds.map((threshold) => ({ steps: Number(threshold.steps), coins: Number(threshold.coins) })),
      target: form.target,
      workoutThresholds: workoutThresholds.map((threshold) => ({ workoutCoins: Number(threshold.workoutCoins), coins: Number(threshold.coins) })),
      prizes: prizes.map(Number),
      budgetCoins: Number(form.budgetCoins),
    },
  };
}

/** The new-campaign form: checked in words before it is sent (`campaignRequest`), then created and handed to `onCreated`. */
export function CampaignForm({ communities, onCreated }: { communities: OpsCommunity[]; onCreated: (campaign: OpsCampaign) => void }) {
  const { businessTimeZone } = useClientConfig();
  const [form, setForm] = useState<Form>(() => emptyForm(businessTimeZone));
  // Dates filled in for the default zone move to today in the BFF's zone once it has named it, unless the operator changed them.
  const datedIn = useRef(businessTimeZone);
  useEffect(() => {
    const stale = businessDate(new Date(), datedIn.current);
    const today = businessDate(new Date(), businessTimeZone);
    datedIn.current = businessTimeZone;
    setForm((previous) => (previous.startDate === stale && previous.endDate === stale ? { ...previous, startDate: today, endDate: today } : previous));
  }, [businessTimeZone]);
  const [error, setError] = useState<string | null>(null);
  const set = (key: 'name' | 'description' | 'startDate' | 'endDate' | 'multiplierPercent' | 'prizes' | 'budgetCoins') => (event: { detail: { value: string } }) =>
    setForm((previous) => ({ ...previous, [key]: event.detail.value }));
  const setThreshold = (index: number, key: 'steps' | 'coins', value: string) =>
    setForm((previous) => ({ ...previous, thresholds: previous.thresholds.map((threshold, at) => (at === index ? { ...threshold, [key]: value } : threshold)) }));
  const setWorkoutThreshold = (index: number, key: 'workoutCoins' | 'coins', value: string) =>
    setForm((previous) => ({ ...previous, workoutThresholds: previous.workoutThresholds.map((threshold, at) => (at === index ? { ...threshold, [key]: value } : threshold)) }));
  const toggle = (id: string) =>
    setForm((previous) => ({ ...previous, communityIds: previous.communityIds.includes(id) ? previous.communityIds.filter((chosen) => chosen !== id) : [...previous.communityIds, id] }));

  const submit = useAction(async () => {
    const request = campaignRequest(form);
    if ('error' in request) {
      setError(request.error);
      return;
    }
    setError(null);
    try {
      const { campaign } = await opsApi.createCampaign(request.body);
      setForm(emptyForm(businessTimeZone));
      onCreated(campaign);
    } catch (caught) {
      setError(refusalText(caught, Object.keys(request.body)));
    }
  });

  return (
    <View className='ops-card' data-testid='campaign-form'>
      <Field label={o.name}>
        <Input className='ops-input' value={form.name} maxlength={40} onInput={set('name')} data-testid='campaign-name' />
      </Field>
      <Field label={o.description}>
        <Textarea className='ops-input ops-textarea' value={form.description} maxlength={200} autoHeight onInput={set('description')} />
      </Field>
      <View className='ops-row'>
        <Field label={o.startDate}>
          <Input className='ops-input' value={form.startDate} onInput={set('startDate')} data-testid='campaign-start' />
        </Field>
        <Field label={o.endDate}>
          <Input className='ops-input' value={form.endDate} onInput={set('endDate')} data-testid='campaign-end' />
        </Field>
      </View>
      <Field label={`${o.audience}（${o.audienceHint}）`}>
        <View className='ops-bar'>
          {communities.map((community) => (
            <Text
              key={community.id}
              className={`ops-chip${form.communityIds.includes(community.id) ? ' ops-chip--on' : ''}`}
              onClick={() => toggle(community.id)}
              data-testid='campaign-community'
            >
              {community.name}
            </Text>
          ))}
        </View>
      </Field>
      <View className='ops-row'>
        <Field label={o.multiplier}>
          <Input className='ops-input' type='number' value={form.multiplierPercent} onInput={set('multiplierPercent')} data-testid='campaign-multiplier' />
        </Field>
        <Field label={o.budget}>
          <Input className='ops-input' type='number' value={form.budgetCoins} onInput={set('budgetCoins')} data-testid='campaign-budget' />
        </Field>
      </View>
      <Field label={o.target}>
        <View className='ops-bar'>
          {(['steps', 'workouts', 'both'] as const).map((target) => (
            <Text
              key={target}
              className={`ops-chip${form.target === target ? ' ops-chip--on' : ''}`}
              onClick={() => setForm((previous) => ({ ...previous, target }))}
              data-testid={`campaign-target-${target}`}
            >
              {o.targets[target]}
            </Text>
          ))}
        </View>
      </Field>
      {form.target !== 'steps' && (
        <Field label={o.workoutThresholds}>
          {form.workoutThresholds.map((threshold, index) => (
            <View key={index} className='ops-bar'>
              <Input className='ops-input ops-input--short' type='number' placeholder={o.thresholdWorkoutCoins} value={threshold.workoutCoins} onInput={(event) => setWorkoutThreshold(index, 'workoutCoins', event.detail.value)} data-testid='workout-threshold-coins' />
              <Input className='ops-input ops-input--short' type='number' placeholder={o.thresholdCoins} value={threshold.coins} onInput={(event) => setWorkoutThreshold(index, 'coins', event.detail.value)} data-testid='workout-threshold-bonus' />
              <Text className='ops-chip' onClick={() => setForm((previous) => ({ ...previous, workoutThresholds: previous.workoutThresholds.filter((_, at) => at !== index) }))}>{o.remove}</Text>
            </View>
          ))}
          {form.workoutThresholds.length < 5 && (
            <Text className='ops-chip' style={{ alignSelf: 'flex-start' }} onClick={() => setForm((previous) => ({ ...previous, workoutThresholds: [...previous.workoutThresholds, { workoutCoins: '200', coins: '50' }] }))} data-testid='add-workout-threshold'>
              {o.addThreshold}
            </Text>
          )}
        </Field>
      )}
      {form.target !== 'workouts' && <Field label={o.thresholds}>
        {form.thresholds.map((threshold, index) => (
          <View key={index} className='ops-bar'>
            <Input className='ops-input ops-input--short' type='number' placeholder={o.thresholdSteps} value={threshold.steps} onInput={(event) => setThreshold(index, 'steps', event.detail.value)} data-testid='threshold-steps' />
            <Input className='ops-input ops-input--short' type='number' placeholder={o.thresholdCoins} value={threshold.coins} onInput={(event) => setThreshold(index, 'coins', event.detail.value)} data-testid='threshold-coins' />
            <Text className='ops-chip' onClick={() => setForm((previous) => ({ ...previous, thresholds: previous.thresholds.filter((_, at) => at !== index) }))}>{o.remove}</Text>
          </View>
        ))}
        {form.thresholds.length < 5 && (
          <Text className='ops-chip' style={{ alignSelf: 'flex-start' }} onClick={() => setForm((previous) => ({ ...previous, thresholds: [...previous.thresholds, { steps: '10000', coins: '50' }] }))} data-testid='add-threshold'>
            {o.addThreshold}
          </Text>
        )}
      </Field>}
      <Field label={o.prizes}>
        <Input className='ops-input' value={form.prizes} placeholder='500, 200, 100' onInput={set('prizes')} data-testid='campaign-prizes' />
      </Field>
      {error && <Text className='ops-notice ops-notice--error' data-testid='campaign-form-error'>{error}</Text>}
      <Button type='primary' disabled={submit.running} onClick={() => void submit.run()} data-testid='create-campaign'>{o.create}</Button>
    </View>
  );
}
