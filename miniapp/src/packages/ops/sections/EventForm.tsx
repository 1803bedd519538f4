import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
import { useAction } from '../../../hooks/useAction';
import { opsApi, type OpsEvent } from '../api';
import { e, localTime, parseLocalTime } from '../events-i18n';

const FIELDS = ['title', 'place', 'startsAt', 'endsAt', 'capacity'] as const;
type Field = (typeof FIELDS)[number];
type Form = Record<Field, string>;

function blank(now: number): Form {
  const start = new Date(now + 24 * 3_600_000);
  start.setMinutes(0, 0, 0);
  return { title: '', place: '', startsAt: localTime(start.toISOString()), endsAt: localTime(new Date(start.getTime() + 2 * 3_600_000).toISOString()), capacity: '30' };
}

/** Creates an event in a community, or edits one (`event`); the BFF's field errors show beside each field. */
export function EventForm({ communityId, event, onDone }: { communityId: string; event?: OpsEvent; onDone: (text: string) => void }) {
  const [form, setForm] = useState<Form>(() =>
    event ? { title: event.title, place: event.place, startsAt: localTime(event.startsAt), endsAt: localTime(event.endsAt), capacity: String(event.capacity) } : blank(Date.now()),
  );
  const [fields, setFields] = useState<Partial<Record<Field | '', string>>>({});
  const save = useAction(async () => {
    const startsAt = parseLocalTime(form.startsAt);
    const endsAt = parseLocalTime(form.endsAt);
    const capacity = Number(form.capacity);
    const local: Partial<Record<Field, string>> = {};
    if (!startsAt) local.startsAt = e.badTime;
    if (!endsAt || (startsAt && endsAt <= startsAt)) local.endsAt = e.badTime;
    if (!Number.isInteger(capacity) || capacity < 1) local.capacity = e.badCapacity;
    setFields(local);
    if (Object.keys(local).length > 0 || !startsAt || !endsAt) return;
    const body = { title: form.title.trim(), place: form.place.trim(), startsAt, endsAt, capacity };
    try {
      if (event) onDone(e.saved((await opsApi.updateEvent(event.id, body)).event.title));
      else onDone(e.created((await opsApi.createEvent(communityId, body)).event.title));
    } catch (caught) {
      const found = fieldErrorsOf(caught, FIELDS);
      setFields({ ...found, '': found[''] ?? messageFor(caught) });
    }
  });
  const input = (field: Field, label: string, type: 'text' | 'number' = 'text') => (
    <View className='ops-field'>
      <Text className='ops-field__label'>{label}</Text>
      <Input className='ops-input' type={type} value={form[field]} onInput={(input) => setForm((previous) => ({ ...previous, [field]: input.detail.value }))} data-testid={`event-${field}`} />
      {fields[field] && <Text className='field-error' data-testid={`field-error-${field}`}>{fields[field]}</Text>}
    </View>
  );
  return (
    <View className='ops-card' data-testid='event-form'>
      {input('title', e.title)}
      {input('place', e.place)}
      <View className='ops-row'>
        {input('startsAt', e.startsAt)}
        {input('endsAt', e.endsAt)}
      </View>
      {input('capacity', e.capacity, 'number')}
      {fields[''] && <Text className='ops-notice ops-notice--error' data-testid='event-form-error'>{fields['']}</Text>}
      <Button type='primary' disabled={save.running} onClick={() => void save.run()} data-testid='save-event'>{event ? e.save : e.create}</Button>
    </View>
  );
}
