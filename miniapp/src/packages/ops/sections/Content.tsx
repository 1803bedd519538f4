import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { refusalText } from '../failure';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsContentApi, type ContentRequest, type OpsContentItem } from '../api';
import { oc } from '../content-i18n';
import { c } from '../../content/i18n';
import type { ContentTag } from '../../content/api';
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
  visibleFrom: string;
  visibleUntil: string;
}

const EMPTY: Form = { title: '', kind: 'video', body: '', videoUrl: '', tags: [], coverUrl: null, membersOnly: false, visibleFrom: '', visibleUntil: '' };

/** The request for a filled-in form, or what is wrong with it in words. */
export function contentRequest(form: Form): { body: ContentRequest } | { error: string } {
  if (!form.title.trim()) return { error: oc.errors.title };
  if (form.tags.length < 1 || form.tags.length > 5) return { error: oc.errors.tags };
  if (form.kind === 'article' && !form.body.trim()) return { error: oc.errors.body };
  if (form.kind === 'video' && !/^https:\/\/\S+$/.test(form.videoUrl.trim())) return { error: oc.errors.video };
  return {
    body: {
      title: form.title.trim(),
      kind: form.kind,
      body: form.kind === 'article' ? form.body : null,
      videoUrl: form.kind === 'video' ? form.videoUrl.trim() : null,
      tags: form.tags,
      coverUrl: form.coverUrl,
      membersOnly: form.membersOnly,
      visibleFrom: form.visibleFrom.trim() || undefined,
      visibleUntil: form.visibleUntil.trim() || null,
    },
  };
}

function ItemRow({ item, onChanged }: { item: OpsContentItem; onChanged: (item: OpsContentItem) => void }) {
  const [error, setError] = useState<string | null>(null);
  const takeDown = useAction(async () => {
    try {
      onChanged((await opsContentApi.takeDown(item.id, new Date().toISOString())).item);
    } catch (caught) {
      setError(messageFor(caught));
    }
  });
  const ended = item.visibleUntil !== null && Date.parse(item.visibleUntil) <= Date.now();
  return (
    <View className='ops-card' data-testid='ops-content-item'>
      <View className='ops-card__head'>
        <Text className='ops-card__title'>{`#${item.id} ${item.title}`}</Text>
        <Text className={`ops-badge${ended ? ' ops-badge--ended' : ' ops-badge--live'}`}>{item.kind === 'video' ? oc.video : oc.article}</Text>
      </View>
      <Text className='ops-card__meta'>{`${item.tags.map((tag) => c.tags[tag] ?? tag).join(' · ')}${item.membersOnly ? ` · ${oc.membersOnly}` : ''}`}</Text>
      <Text className='ops-card__meta'>{`${oc.window(item.visibleFrom, item.visibleUntil)} · ${oc.counts(item.likes, item.views)}`}</Text>
      {!ended && (
        <View className='ops-card__actions'>
          <Button className='ops-button' size='mini' onClick={() => void takeDown.run()} disabled={takeDown.running}>{oc.takeDown}</Button>
        </View>
      )}
      {error && <Text className='ops-notice ops-notice--error'>{error}</Text>}
    </View>
  );
}

/** Operators publish content items (video or sanitized rich text, tags, window, members-only) and take them down. */
export function ContentSection() {
  const [form, setForm] = useState<Form>(EMPTY);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const list = usePagedList<OpsContentItem>((cursor) => opsContentApi.items(cursor));
  const set = (key: 'title' | 'body' | 'videoUrl' | 'visibleFrom' | 'visibleUntil') => (event: { detail: { value: string } }) =>
    setForm((previous) => ({ ...previous, [key]: event.detail.value }));
  const toggleTag = (tag: ContentTag) =>
    setForm((previous) => ({ ...previous, tags: previous.tags.includes(tag) ? previous.tags.filter((chosen) => chosen !== tag) : [...previous.tags, tag] }));

  const publish = useAction(async () => {
    const request = contentRequest(form);
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
          <Field label={oc.visibleFrom}>
            <Input className='ops-input' value={form.visibleFrom} placeholder='2026-06-15T08:00:00Z' onInput={set('visibleFrom')} />
          </Field>
          <Field label={oc.visibleUntil}>
            <Input className='ops-input' value={form.visibleUntil} onInput={set('visibleUntil')} />
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
        {(item) => <ItemRow key={item.id} item={item} onChanged={() => void list.load(true)} />}
      </PagedRows>
    </View>
  );
}
