import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { imageSource } from '../../../components/OfferCard';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsContentApi, type OpsSeries, type SeriesRequest } from '../api';
import { oc } from '../content-i18n';
import { o } from '../i18n';
import { Confirm } from './Confirm';
import { ImageUpload } from './ImageUpload';
import { PagedRows } from './Paged';
import { Field } from './Field';

type RuleKind = SeriesRequest['rule']['kind'];
const RULES: RuleKind[] = ['purchase', 'steps', 'event_checkin', 'venue_visits', 'content_view'];

interface Form {
  name: string;
  description: string;
  artworkUrl: string | null;
  editionSize: string;
  rule: RuleKind;
  priceCoins: string;
  campaignId: string;
  steps: string;
  eventId: string;
  visits: string;
  contentId: string;
}

const EMPTY: Form = { name: '', description: '', artworkUrl: null, editionSize: '50', rule: 'steps', priceCoins: '100', campaignId: '', steps: '10000', eventId: '', visits: '5', contentId: '' };

const whole = (text: string) => (/^\d+$/.test(text.trim()) && Number(text) > 0 ? Number(text) : null);
const id = (text: string) => (/^[1-9]\d{0,18}$/.test(text.trim()) ? text.trim() : null);

function ruleOf(form: Form): SeriesRequest['rule'] | null {
  switch (form.rule) {
    case 'purchase': {
      const priceCoins = whole(form.priceCoins);
      return priceCoins ? { kind: 'purchase', priceCoins } : null;
    }
    case 'steps': {
      const campaignId = id(form.campaignId);
      const steps = whole(form.steps);
      return campaignId && steps ? { kind: 'steps', campaignId, steps } : null;
    }
    case 'event_checkin': {
      const eventId = id(form.eventId);
      return eventId ? { kind: 'event_checkin', eventId } : null;
    }
    case 'venue_visits': {
      const visits = whole(form.visits);
      return visits ? { kind: 'venue_visits', visits } : null;
    }
    case 'content_view': {
      const contentId = id(form.contentId);
      return contentId ? { kind: 'content_view', contentId } : null;
    }
  }
}

/** What is wrong with the form, by field (`''` for what no field shows). */
type SeriesErrors = Record<string, string>;

/** The fields whose mistakes are said beside them; `rule` stands for the rule and its conditions. */
const FIELDS = ['name', 'description', 'artworkUrl', 'editionSize', 'rule'];

/** Which error an edit of a form's key makes stale: a rule's condition belongs to the rule. */
const errorKeyOf = (key: keyof Form): string => (['priceCoins', 'campaignId', 'steps', 'eventId', 'visits', 'contentId'].includes(key) ? 'rule' : key);

/** The request for a filled-in form, or what is wrong with it in words, by field. */
export function seriesRequest(form: Form): { body: SeriesRequest } | { errors: SeriesErrors } {
  const errors: SeriesErrors = {};
  if (!form.name.trim()) errors.name = oc.seriesErrors.name;
  if (!form.artworkUrl) errors.artworkUrl = oc.seriesErrors.artwork;
  const editionSize = whole(form.editionSize);
  if (!editionSize) errors.editionSize = oc.seriesErrors.size;
  const rule = ruleOf(form);
  if (!rule) errors.rule = oc.seriesErrors.rule;
  if (Object.keys(errors).length > 0 || !form.artworkUrl || !editionSize || !rule) return { errors };
  return { body: { name: form.name.trim(), description: form.description.trim(), artworkUrl: form.artworkUrl, editionSize, rule } };
}

function SeriesRow({ series, onChanged }: { series: OpsSeries; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const end = useAction(async () => {
    try {
      await opsContentApi.endSeries(series.id);
      setConfirming(false);
      onChanged();
    } catch (caught) {
      setError(messageFor(caught));
    }
  });
  return (
    <View className='ops-card' data-testid='ops-series'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{`#${series.id} ${series.name}`}</Text>
        <Text className={`ops-badge ops-badge--${series.status}`}>{oc.status[series.status]}</Text>
      </View>
      <Image className='ops-review-image' src={imageSource(series.artworkUrl)} mode='aspectFill' />
      <Text className='ops-card__meta'>{`${oc.rules[series.rule.kind]} · ${oc.issued(series.issued, series.editionSize)}`}</Text>
      {series.status === 'active' && !confirming && (
        <View className='ops-card__actions'>
          <Button className='ops-button' size='mini' onClick={() => { setError(null); setConfirming(true); }} data-testid='end-series'>{oc.end}</Button>
        </View>
      )}
      {series.status === 'active' && confirming && (
        <Confirm
          question={oc.confirmEnd(series.name, series.issued, series.editionSize)}
          yes={oc.end}
          busy={end.running}
          onConfirm={() => void end.run()}
          onBack={() => setConfirming(false)}
          testId='confirm-end-series'
        />
      )}
      {error && <Text className='ops-notice ops-notice--error'>{error}</Text>}
    </View>
  );
}

/** Operators define collectible series (artwork, edition size, bought or awarded by a rule) and end them. */
export function CollectiblesSection() {
  const [form, setForm] = useState<Form>(EMPTY);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [errors, setErrors] = useState<SeriesErrors>({});
  const list = usePagedList<OpsSeries>((cursor) => opsContentApi.series(cursor));
  // A field's mistake goes as soon as the field is edited, not at the next submit.
  const forget = (key: string) =>
    setErrors((previous) => (key in previous ? Object.fromEntries(Object.entries(previous).filter(([name]) => name !== key)) : previous));
  const edit = (change: Partial<Form>) => {
    setForm((previous) => ({ ...previous, ...change }));
    for (const key of Object.keys(change) as (keyof Form)[]) forget(errorKeyOf(key));
  };
  const set = (key: Exclude<keyof Form, 'artworkUrl' | 'rule'>) => (event: { detail: { value: string } }) => edit({ [key]: event.detail.value });

  const create = useAction(async () => {
    const request = seriesRequest(form);
    if ('errors' in request) {
      setErrors(request.errors);
      setNotice(null);
      return;
    }
    setErrors({});
    setNotice(null);
    try {
      const { series } = await opsContentApi.createSeries(request.body);
      setForm(EMPTY);
      setNotice({ kind: 'ok', text: `${oc.seriesCreated} #${series.id}` });
      void list.load(true);
    } catch (caught) {
      const { '': general, ...beside } = fieldErrorsOf(caught, FIELDS);
      setErrors(beside);
      if (general || Object.keys(beside).length === 0) setNotice({ kind: 'error', text: general ?? messageFor(caught) });
    }
  });
  // Asked for only while a field above is still marked: the form is taller than a phone's screen.
  const fieldMistakes = Object.keys(errors).length > 0;

  return (
    <View data-testid='ops-collectibles'>
      <Text className='ops-heading'>{oc.seriesTitle}</Text>
      <Text className='ops-hint'>{oc.notTransferable}</Text>
      <View className='ops-card'>
        <Field label={oc.name} error={errors.name} name='name'>
          <Input className='ops-input' value={form.name} maxlength={40} onInput={set('name')} data-testid='series-form-name' />
        </Field>
        <Field label={oc.description} error={errors.description} name='description'>
          <Textarea className='ops-input ops-textarea' value={form.description} maxlength={200} autoHeight onInput={set('description')} />
        </Field>
        <Field label={oc.artwork} error={errors.artworkUrl} name='artworkUrl'>
          <ImageUpload url={form.artworkUrl} label={oc.uploadArtwork} onUploaded={(url) => edit({ artworkUrl: url })} testId='series-artwork' />
        </Field>
        <Field label={oc.editionSize} error={errors.editionSize} name='editionSize'>
          <Input className='ops-input ops-input--short' type='number' value={form.editionSize} onInput={set('editionSize')} data-testid='series-form-size' />
        </Field>
        <Field label={oc.rule}>
          <View className='ops-bar'>
            {RULES.map((rule) => (
              <Text key={rule} className={`ops-chip${form.rule === rule ? ' ops-chip--on' : ''}`} onClick={() => edit({ rule })} data-testid={`series-rule-${rule}`}>
                {oc.rules[rule]}
              </Text>
            ))}
          </View>
        </Field>
        <View className='ops-row'>
          {form.rule === 'purchase' && (
            <Field label={oc.priceCoins}>
              <Input className='ops-input' type='number' value={form.priceCoins} onInput={set('priceCoins')} data-testid='series-form-price' />
            </Field>
          )}
          {form.rule === 'steps' && (
            <>
              <Field label={oc.campaignId}>
                <Input className='ops-input' value={form.campaignId} onInput={set('campaignId')} data-testid='series-form-campaign' />
              </Field>
              <Field label={oc.steps}>
                <Input className='ops-input' type='number' value={form.steps} onInput={set('steps')} data-testid='series-form-steps' />
              </Field>
            </>
          )}
          {form.rule === 'event_checkin' && (
            <Field label={oc.eventId}>
              <Input className='ops-input' value={form.eventId} onInput={set('eventId')} />
            </Field>
          )}
          {form.rule === 'venue_visits' && (
            <Field label={oc.visits}>
              <Input className='ops-input' type='number' value={form.visits} onInput={set('visits')} />
            </Field>
          )}
          {form.rule === 'content_view' && (
            <Field label={oc.contentId}>
              <Input className='ops-input' value={form.contentId} onInput={set('contentId')} />
            </Field>
          )}
        </View>
        {/* Said under the conditions, which are what is usually missing, rather than under the chips. */}
        {errors.rule && <Text className='field-error ops-field__error' data-testid='field-error-rule'>{errors.rule}</Text>}
        <Button type='primary' onClick={() => void create.run()} disabled={create.running} data-testid='series-create'>{oc.createSeries}</Button>
      </View>
      {fieldMistakes && <Text className='ops-notice ops-notice--error' data-testid='series-fix-above'>{o.fixAbove}</Text>}
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='series-notice'>{notice.text}</Text>}
      <Text className='ops-heading'>{oc.seriesList}</Text>
      <PagedRows list={list} empty={oc.noSeries}>
        {(series) => <SeriesRow key={series.id} series={series} onChanged={() => void list.load(true)} />}
      </PagedRows>
    </View>
  );
}
