import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { useClientConfig } from '../../../api/client-config';
import { refusalText } from '../failure';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { dateAndTime } from '../../../i18n/clock';
import { opsContentApi, type ContentRequest, type OpsContentItem } from '../api';
import { oc } from '../content-i18n';
import { c } from '../../content/i18n';
import type { ContentTag } from '../../content/api';
import { parseZonedInstant } from '../zoned-time';
import { Confirm } from './Confirm';
import { ImageUpload } from './ImageUpload';
import { PagedRows } from './Paged';
import { Field } from './Field';

/** Every tag, in the channel's order (the strings name them all). */
const CONTENT_TAGS = Object.keys(c.tags) as ContentTag[];

interface Form {
  title: string;
  kind: 'article' | 'video';
  body: string;
  videoUrl: string;
  tags: ContentTag[];
  coverUrl: string | null;
  membersOnly: boolean;
  /** The window's ends as the operator types them: a date and a time on the business clock. */
  fromDate: string;
  fromTime: string;
  untilDate: string;
  untilTime: string;
}

const EMPTY: Form = { title: '', kind: 'video', body: '', videoUrl: '', tags: [], coverUrl: null, membersOnly: false, fromDate: '', fromTime: '', untilDate: '', untilTime: '' };

/** A typed end of the window: unset when both parts are empty, null when it is not a time. */
function instantOf(date: string, time: string, timeZone: string): string | undefined | null {
  if (!date.trim() && !time.trim()) return undefined;
  return parseZonedInstant(date, time, timeZone);
}

/** The request for a filled-in form (its times read in `timeZone`), or what is wrong with it in words. */
export function contentRequest(form: Form, timeZone: string, now = Date.now()): { body: ContentRequest } | { error: string } {
  if (!form.title.trim()) return { error: oc.errors.title };
  if (form.tags.length < 1 || form.tags.length > 5) return { error: oc.errors.tags };
  if (form.kind === 'article' && !form.body.trim()) return { error: oc.errors.body };
  if (form.kind === 'video' && !/^https:\/\/\S+$/.test(form.videoUrl.trim())) return { error: oc.errors.video };
  const visibleFrom = instantOf(form.fromDate, form.fromTime, timeZone);
  if (visibleFrom === null) return { error: oc.errors.from };
  const visibleUntil = instantOf(form.untilDate, form.untilTime, timeZone);
  if (visibleUntil === null) return { error: oc.errors.until };
  if (visibleUntil && Date.parse(visibleUntil) <= (visibleFrom ? Date.parse(visibleFrom) : now)) return { error: oc.errors.window };
  return {
    body: {
      title: form.title.trim(),
      kind: form.kind,
      body: form.kind === 'article' ? form.body : null,
      videoUrl: form.kind === 'video' ? form.videoUrl.trim() : null,
      tags: form.tags,
      coverUrl: form.coverUrl,
      membersOnly: form.membersOnly,
      visibleFrom,
      visibleUntil: visibleUntil ?? null,
    },
  };
}

function ItemRow({ item, timeZone, onChanged }: { item: OpsContentItem; timeZone: string; onChanged: (item: OpsContentItem) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // Taken down here: ended by the BFF's clock, whatever this device's clock says of the window.
  const [takenDown, setTakenDown] = useState(false);
  const takeDown = useAction(async () => {
    try {
      const { item: changed } = await opsContentApi.takeDown(item.id);
      setConfirming(false);
      setTakenDown(true);
      onChanged(changed);
    } catch (caught) {
      setError(messageFor(caught));
    }
  });
  const now = Date.now();
  const ended = takenDown || (item.visibleUntil !== null && Date.parse(item.visibleUntil) <= now);
  const scheduled = Date.parse(item.visibleFrom) > now;
  const from = dateAndTime(item.visibleFrom, timeZone);
  return (
    <View className='ops-card' data-testid='ops-content-item'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{`#${item.id} ${item.title}`}</Text>
        <Text className={`ops-badge${ended ? ' ops-badge--ended' : scheduled ? ' ops-badge--pending' : ' ops-badge--live'}`}>
          {`${item.kind === 'video' ? oc.video : oc.article}${ended ? ` · ${oc.offline}` : scheduled ? ` · ${oc.scheduled}` : ''}`}
        </Text>
      </View>
      <Text className='ops-card__meta'>{`${item.tags.map((tag) => c.tags[tag] ?? tag).join(' · ')}${item.membersOnly ? ` · ${oc.membersOnly}` : ''}`}</Text>
      <Text className='ops-card__meta' data-testid='content-window'>
        {`${oc.window(from, item.visibleUntil === null ? null : dateAndTime(item.visibleUntil, timeZone))} · ${oc.counts(item.likes, item.views)}`}
      </Text>
      {!ended && !confirming && (
        <View className='ops-card__actions'>
          <Button className='ops-button' size='mini' onClick={() => { setError(null); setConfirming(true); }} data-testid='take-down'>{oc.takeDown}</Button>
        </View>
      )}
      {!ended && confirming && (
        <Confirm
          question={scheduled ? oc.confirmWithdraw(item.title, from) : oc.confirmTakeDown(item.title)}
          yes={oc.takeDown}
          busy={takeDown.running}
          onConfirm={() => void takeDown.run()}
          onBack={() => setConfirming(false)}
          testId='confirm-take-down'
        />
      )}
      {error && <Text className='ops-notice ops-notice--error'>{error}</Text>}
    </View>
  );
}

/** Operators publish content items (video or sanitized rich text, tags, window, members-only) and take them down. */
export function ContentSection() {
  const { businessTimeZone } = useClientConfig();
  const [form, setForm] = useState<Form>(EMPTY);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const list = usePagedList<OpsContentItem>((cursor) => opsContentApi.items(cursor));
  const set = (key: 'title' | 'body' | 'videoUrl' | 'fromDate' | 'fromTime' | 'untilDate' | 'untilTime') => (event: { detail: { value: string } }) =>
    setForm((previous) => ({ ...previous, [key]: event.detail.value }));
  const toggleTag = (tag: ContentTag) =>
    setForm((previous) => ({ ...previous, tags: previous.tags.includes(tag) ? previous.tags.filter((chosen) => chosen !== tag) : [...previous.tags, tag] }));

  const publish = useAction(async () => {
    const request = contentRequest(form, businessTimeZone);
    if ('error' in request) {
      setNotice({ kind: 'error', text: request.error });
      return;
    }
    setNotice(null);
    try {
      const { item } = await opsContentApi.publish(request.body);
      setForm(EMPTY);
      setNotice({ kind: 'ok', text: `${oc.published} #${item.id}` });
      void list.load(true);
    } catch (caught) {
      setNotice({ kind: 'error', text: refusalText(caught, Object.keys(request.body)) });
    }
  });

  return (
    <View data-testid='ops-content'>
      <Text className='ops-heading'>{oc.publishTitle}</Text>
      <View className='ops-card'>
        <Field label={oc.title}>
          <Input className='ops-input' value={form.title} maxlength={80} onInput={set('title')} data-testid='content-form-title' />
        </Field>
        <Field label={oc.kind}>
          <View className='ops-bar'>
            {(['video', 'article'] as const).map((kind) => (
              <Text key={kind} className={`ops-chip${form.kind === kind ? ' ops-chip--on' : ''}`} onClick={() => setForm((previous) => ({ ...previous, kind }))} data-testid={`content-kind-${kind}`}>
                {kind === 'video' ? oc.video : oc.article}
              </Text>
            ))}
          </View>
        </Field>
        {form.kind === 'video' ? (
          <Field label={oc.videoUrl}>
            <Input className='ops-input' value={form.videoUrl} maxlength={512} onInput={set('videoUrl')} data-testid='content-form-video' />
          </Field>
        ) : (
          <Field label={oc.body}>
            <Textarea className='ops-input ops-textarea' value={form.body} maxlength={20000} autoHeight onInput={set('body')} data-testid='content-form-body' />
          </Field>
        )}
        <Field label={oc.tags}>
          <View className='ops-bar'>
            {CONTENT_TAGS.map((tag) => (
              <Text key={tag} className={`ops-chip${form.tags.includes(tag) ? ' ops-chip--on' : ''}`} onClick={() => toggleTag(tag)} data-testid={`content-tag-${tag}`}>
                {c.tags[tag] ?? tag}
              </Text>
            ))}
          </View>
        </Field>
        <Field label={oc.cover}>
          <ImageUpload url={form.coverUrl} label={oc.uploadCover} onUploaded={(url) => setForm((previous) => ({ ...previous, coverUrl: url }))} testId='content-cover' />
        </Field>
        <View className='ops-row'>
          <Field label={oc.visibleFrom(businessTimeZone)}>
            <View className='ops-bar ops-bar--tight'>
              <Input className='ops-input ops-input--short' value={form.fromDate} placeholder={oc.datePlaceholder} onInput={set('fromDate')} data-testid='content-from-date' />
              <Input className='ops-input ops-input--short' value={form.fromTime} placeholder={oc.timePlaceholder} onInput={set('fromTime')} data-testid='content-from-time' />
            </View>
          </Field>
          <Field label={oc.visibleUntil(businessTimeZone)}>
            <View className='ops-bar ops-bar--tight'>
              <Input className='ops-input ops-input--short' value={form.untilDate} placeholder={oc.datePlaceholder} onInput={set('untilDate')} data-testid='content-until-date' />
              <Input className='ops-input ops-input--short' value={form.untilTime} placeholder={oc.timePlaceholder} onInput={set('untilTime')} data-testid='content-until-time' />
            </View>
          </Field>
        </View>
        <View className='ops-bar'>
          <Switch checked={form.membersOnly} onChange={(event) => setForm((previous) => ({ ...previous, membersOnly: event.detail.value }))} data-testid='content-members-only' />
          <Text className='ops-field__label'>{oc.membersOnly}</Text>
        </View>
        <Button type='primary' onClick={() => void publish.run()} disabled={publish.running} data-testid='content-publish'>{oc.publish}</Button>
      </View>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='content-notice'>{notice.text}</Text>}
      <Text className='ops-heading'>{oc.items}</Text>
      <PagedRows list={list} empty={oc.noItems}>
        {(item) => <ItemRow key={item.id} item={item} timeZone={businessTimeZone} onChanged={() => void list.load(true)} />}
      </PagedRows>
    </View>
  );
}
