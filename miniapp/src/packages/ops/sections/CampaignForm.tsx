import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { MAX_MULTIPLIER_PERCENT } from '@calorie-bank/shared/campaign-rules';
import type { CampaignTarget } from '@calorie-bank/shared/campaign-workout-rules';
import { businessDate, isCalendarDate } from '@calorie-bank/shared/dates';
import { useEffect, useRef, useState } from 'react';
import { messageFor } from '../../../api/client';
import { useClientConfig } from '../../../api/client-config';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
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

/** What is wrong with the form, by field (`effect` for a campaign that would change nothing, `''` for the rest). */
export type CampaignErrors = Record<string, string>;

/** The request's fields, which the BFF's refusals name and the form shows its mistakes beside. */
const FIELDS = ['name', 'description', 'startDate', 'endDate', 'communityIds', 'multiplierPercent', 'budgetCoins', 'target', 'workoutThresholds', 'thresholds', 'prizes'];

/** The request for a filled-in form, or what is wrong with it in words, by field. */
export function campaignRequest(form: Form): { body: CampaignRequest } | { errors: CampaignErrors } {
  const errors: CampaignErrors = {};
  if (!form.name.trim()) errors.name = o.errors.name;
  const startDate = form.startDate.trim();
  const endDate = form.endDate.trim();
  if (!isCalendarDate(startDate)) errors.startDate = o.errors.date;
  if (!isCalendarDate(endDate)) errors.endDate = o.errors.date;
  else if (isCalendarDate(startDate) && endDate < startDate) errors.endDate = o.errors.endBeforeStart;
  const multiplier = Number(form.multiplierPercent);
  if (!WHOLE.test(form.multiplierPercent.trim()) || multiplier < 100 || multiplier > MAX_MULTIPLIER_PERCENT) errors.multiplierPercent = o.errors.multiplier(MAX_MULTIPLIER_PERCENT);
  // Only the thresholds of what the campaign counts are sent; the others would pay nothing.
  const stepThresholds = form.target === 'workouts' ? [] : form.thresholds;
  const workoutThresholds = form.target === 'steps' ? [] : form.workoutThresholds;
  if (stepThresholds.some((threshold) => !positive(threshold.steps) || !positive(threshold.coins))) errors.thresholds = o.errors.threshold;
  if (workoutThresholds.some((threshold) => !positive(threshold.workoutCoins) || !positive(threshold.coins))) errors.workoutThresholds = o.errors.threshold;
  const prizes = form.prizes.split(/[,，\s]+/).filter(Boolean);
  if (prizes.length > 10 || prizes.some((prize) => !positive(prize))) errors.prizes = o.errors.prizes;
  if (!positive(form.budgetCoins)) errors.budgetCoins = o.errors.budget;
  if (Object.keys(errors).length > 0) return { errors };
  if (multiplier === 100 && stepThresholds.length === 0 && workoutThresholds.length === 0 && prizes.length === 0) return { errors: { effect: o.errors.effect } };
  return {
    body: {
      name: form.name.trim(),
      description: form.description.trim(),
      startDate,
      endDate,
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
  const [errors, setErrors] = useState<CampaignErrors>({});
  // A field's mistake goes once the field is edited; so does "no effect" once anything that gives one is.
  const forget = (...keys: string[]) =>
    setErrors((previous) => (keys.some((key) => key in previous) ? Object.fromEntries(Object.entries(previous).filter(([key]) => !keys.includes(key))) : previous));
  const GIVES_EFFECT = ['multiplierPercent', 'thresholds', 'workoutThresholds', 'prizes', 'target'];
  const edited = (key: string) => {
    forget(key, ...(GIVES_EFFECT.includes(key) ? ['effect'] : []));
    // An end before the start is as much the start's mistake as the end's.
    if (key === 'startDate') setErrors((previous) => (previous.endDate === o.errors.endBeforeStart ? Object.fromEntries(Object.entries(previous).filter(([name]) => name !== 'endDate')) : previous));
  };
  const set = (key: 'name' | 'description' | 'startDate' | 'endDate' | 'multiplierPercent' | 'prizes' | 'budgetCoins') => (event: { detail: { value: string } }) => {
    setForm((previous) => ({ ...previous, [key]: event.detail.value }));
    edited(key);
  };
  const toggle = (id: string) => {
    setForm((previous) => ({ ...previous, communityIds: previous.communityIds.includes(id) ? previous.communityIds.filter((chosen) => chosen !== id) : [...previous.communityIds, id] }));
    edited('communityIds');
  };

  const submit = useAction(async () => {
    const request = campaignRequest(form);
    if ('errors' in request) {
      setErrors(request.errors);
      return;
    }
    setErrors({});
    try {
      const { campaign } = await opsApi.createCampaign(request.body);
      setForm(emptyForm(businessTimeZone));
      onCreated(campaign);
    } catch (caught) {
      const found = fieldErrorsOf(caught, FIELDS);
      setErrors({ ...found, '': found[''] ?? messageFor(caught) });
    }
  });
  // The form is taller than a phone's screen: the button's foot says when a mistake is marked above.
  const fieldMistakes = !errors[''] && Object.keys(errors).some((key) => key !== 'effect');

  return (
    <View className='ops-card' data-testid='campaign-form'>
      <Field label={o.name} error={errors.name} name='name'>
        <Input className='ops-input' value={form.name} maxlength={40} onInput={set('name')} data-testid='campaign-name' />
      </Field>
      <Field label={o.description} error={errors.description} name='description'>
        <Textarea className='ops-input ops-textarea' value={form.description} maxlength={200} autoHeight onInput={set('description')} />
      </Field>
      <View className='ops-row'>
        <Field label={o.startDate} error={errors.startDate} name='startDate'>
          <Input className='ops-input' value={form.startDate} onInput={set('startDate')} data-testid='campaign-start' />
        </Field>
        <Field label={o.endDate} error={errors.endDate} name='endDate'>
          <Input className='ops-input' value={form.endDate} onInput={set('endDate')} data-testid='campaign-end' />
        </Field>
      </View>
      <Field label={`${o.audience}（${o.audienceHint}）`} error={errors.communityIds} name='communityIds'>
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
        <Field label={o.multiplier} error={errors.multiplierPercent} name='multiplierPercent'>
          <Input className='ops-input' type='number' value={form.multiplierPercent} onInput={set('multiplierPercent')} data-testid='campaign-multiplier' />
        </Field>
        <Field label={o.budget} error={errors.budgetCoins} name='budgetCoins'>
          <Input className='ops-input' type='number' value={form.budgetCoins} onInput={set('budgetCoins')} data-testid='campaign-budget' />
        </Field>
      </View>
      <Field label={o.target} error={errors.target} name='target'>
        <View className='ops-bar'>
          {(['steps', 'workouts', 'both'] as const).map((target) => (
            <Text
              key={target}
              className={`ops-chip${form.target === target ? ' ops-chip--on' : ''}`}
              onClick={() => {
                setForm((previous) => ({ ...previous, target }));
                edited('target');
              }}
              data-testid={`campaign-target-${target}`}
            >
              {o.targets[target]}
            </Text>
          ))}
        </View>
      </Field>
      {form.target !== 'steps' && (
        <Field label={o.workoutThresholds} error={errors.workoutThresholds} name='workoutThresholds'>
          <ThresholdRows
            rows={form.workoutThresholds}
            measure='workoutCoins'
            measurePlaceholder={o.thresholdWorkoutCoins}
            added={{ workoutCoins: '200', coins: '50' }}
            update={(change) => {
              setForm((previous) => ({ ...previous, workoutThresholds: change(previous.workoutThresholds) }));
              edited('workoutThresholds');
            }}
            testIds={{ measure: 'workout-threshold-coins', coins: 'workout-threshold-bonus', add: 'add-workout-threshold' }}
          />
        </Field>
      )}
      {form.target !== 'workouts' && (
        <Field label={o.thresholds} error={errors.thresholds} name='thresholds'>
          <ThresholdRows
            rows={form.thresholds}
            measure='steps'
            measurePlaceholder={o.thresholdSteps}
            added={{ steps: '10000', coins: '50' }}
            update={(change) => {
              setForm((previous) => ({ ...previous, thresholds: change(previous.thresholds) }));
              edited('thresholds');
            }}
            testIds={{ measure: 'threshold-steps', coins: 'threshold-coins', add: 'add-threshold' }}
          />
        </Field>
      )}
      <Field label={o.prizes} error={errors.prizes} name='prizes'>
        <Input className='ops-input' value={form.prizes} placeholder='500, 200, 100' onInput={set('prizes')} data-testid='campaign-prizes' />
      </Field>
      {errors.effect && <Text className='ops-notice ops-notice--error' data-testid='campaign-form-error'>{errors.effect}</Text>}
      {errors[''] && <Text className='ops-notice ops-notice--error' data-testid='campaign-form-error'>{errors['']}</Text>}
      {fieldMistakes && <Text className='ops-notice ops-notice--error' data-testid='campaign-fix-above'>{o.fixAbove}</Text>}
      <Button type='primary' disabled={submit.running} onClick={() => void submit.run()} data-testid='create-campaign'>{o.create}</Button>
    </View>
  );
}

/** A threshold row of the form: what it counts (`measure`) and the bonus coins once reached. */
type Threshold<K extends string> = { [key in K]: string } & { coins: string };

/**
 * A campaign's thresholds on steps or on workout coins: each row's count and bonus, removable, and
 * rows added up to five. `update` changes the rows from the form's latest state.
 */
function ThresholdRows<K extends 'steps' | 'workoutCoins'>({ rows, measure, measurePlaceholder, added, update, testIds }: {
  rows: Threshold<K>[];
  measure: K;
  measurePlaceholder: string;
  added: Threshold<K>;
  update: (change: (rows: Threshold<K>[]) => Threshold<K>[]) => void;
  testIds: { measure: string; coins: string; add: string };
}) {
  const setField = (index: number, key: K | 'coins', value: string) => update((previous) => previous.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
  return (
    <>
      {rows.map((row, index) => (
        <View key={index} className='ops-bar'>
          <Input className='ops-input ops-input--short' type='number' placeholder={measurePlaceholder} value={row[measure]} onInput={(event) => setField(index, measure, event.detail.value)} data-testid={testIds.measure} />
          <Input className='ops-input ops-input--short' type='number' placeholder={o.thresholdCoins} value={row.coins} onInput={(event) => setField(index, 'coins', event.detail.value)} data-testid={testIds.coins} />
          <Text className='ops-chip' onClick={() => update((previous) => previous.filter((_, at) => at !== index))}>{o.remove}</Text>
        </View>
      ))}
      {rows.length < 5 && (
        <Text className='ops-chip' style={{ alignSelf: 'flex-start' }} onClick={() => update((previous) => [...previous, added])} data-testid={testIds.add}>
          {o.addThreshold}
        </Text>
      )}
    </>
  );
}
