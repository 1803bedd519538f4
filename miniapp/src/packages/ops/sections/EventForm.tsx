import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { zonedInstant } from '@calorie-bank/shared/dates';
import { messageFor } from '../../../api/client';
import { useClientConfig } from '../../../api/client-config';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
import { useAction } from '../../../hooks/useAction';
import { opsApi, type OpsEvent } from '../api';
import { dateAndTime } from '../../../i18n/clock';
import { e, parseBusinessTime } from '../events-i18n';

const FIELDS = ['title', 'place', 'startsAt', 'endsAt', 'capacity'] as const;
type Field = (typeof FIELDS)[number];
type Form = Record<Field, string>;

type Times = Pick<Form, 'startsAt' | 'endsAt'>;

const HOUR = 3_600_000;

/**
 * The times a form starts with, on `timeZone`'s clock: the event's own, or for a new one the hour a
 * day from now until two hours later (the hour read on the business clock, not the computer's).
 */
function firstTimes(event: OpsEvent | undefined, now: number, timeZone: string): Times {
  if (event) return { startsAt: dateAndTime(event.startsAt, timeZone), endsAt: dateAndTime(event.endsAt, timeZone) };
  const startsAt = `${dateAndTime(new Date(now + 24 * HOUR).toISOString(), timeZone).slice(0, 14)}00`;
  const start = zonedInstant(startsAt.slice(0, 10), startsAt.slice(11), timeZone);
  return { startsAt, endsAt: dateAndTime(new Date(start + 2 * HOUR).toISOString(), timeZone) };
}

/** Creates an event in a community, or edits one (`event`); the BFF's field errors show beside each field. */
export function EventForm({ communityId, event, onDone }: { communityId: string; event?: OpsEvent; onDone: (text: string) => void }) {
  const { businessTimeZone } = useClientConfig();
  const [form, setForm] = useState<Form>(() => ({
    title: event?.title ?? '',
    place: event?.place ?? '',
    ...firstTimes(event, Date.now(), businessTimeZone),
    capacity: event ? String(event.capacity) : '30',
  }));
  // Times filled in on the default zone's clock move to the BFF's once it has named its zone, unless the operator changed them.
  const filledIn = useRef({ timeZone: businessTimeZone, times: { startsAt: form.startsAt, endsAt: form.endsAt } });
  useEffect(() => {
    if (filledIn.current.timeZone === businessTimeZone) return;
    const stale = filledIn.current.times;
    const times = firstTimes(event, Date.now(), businessTimeZone);
    filledIn.current = { timeZone: businessTimeZone, times };
    setForm((previous) => (previous.startsAt === stale.startsAt && previous.endsAt === stale.endsAt ? { ...previous, ...times } : previous));
  }, [businessTimeZone, event]);
  const [fields, setFields] = useState<Partial<Record<Field | '', string>>>({});
  const save = useAction(async () => {
    const startsAt = parseBusinessTime(form.startsAt, businessTimeZone);
    const endsAt = parseBusinessTime(form.endsAt, businessTimeZone);
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
        {input('startsAt', e.startsAt(businessTimeZone))}
        {input('endsAt', e.endsAt(businessTimeZone))}
      </View>
      {input('capacity', e.capacity, 'number')}
      {fields[''] && <Text className='ops-notice ops-notice--error' data-testid='event-form-error'>{fields['']}</Text>}
      <Button type='primary' disabled={save.running} onClick={() => void save.run()} data-testid='save-event'>{event ? e.save : e.create}</Button>
    </View>
  );
}
