import { Button, Input, Text, View } from '@tarojs/components';
import { peakPlaces, repeatedStart } from '@calorie-bank/shared/slot-pattern-rules';
import type { API_ROUTES, RouteBody } from '@calorie-bank/shared/api';
import { useRef, useState, type ReactNode } from 'react';
import { ApiError, messageFor } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { fieldSentence } from '../../../../i18n/fieldErrors';
import { localized } from '../../../../i18n/messages';
import { venueAdminApi } from '../gate/api';
import { f } from './i18n';

type Entry = RouteBody<(typeof API_ROUTES)['setSlotPattern']>['pattern'][number];
type Field = 'start' | 'durationMinutes' | 'capacity' | 'priceCoins';
/** A row as typed, with `id` to keep its error (and React's key) on it when rows above are removed. */
type Row = Record<'weekday' | Field, string> & { id: number };

const FIELDS: readonly Field[] = ['start', 'durationMinutes', 'capacity', 'priceCoins'];

/** ISO weekdays 1–7, Monday first. */
const DAYS = localized({ zh: ['一', '二', '三', '四', '五', '六', '日'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] });

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The numbers' bounds, as SlotPatternEntry in shared/src/schemas/venues.ts has them, and what a row outside them says. */
const BOUNDS: Record<Exclude<Field, 'start'>, { min: number; max: number; says: () => string }> = {
  durationMinutes: { min: 10, max: 720, says: () => f.badDuration },
  capacity: { min: 1, max: 10_000, says: () => f.badSlotCapacity },
  priceCoins: { min: 0, max: 100_000, says: () => f.badSlotPrice },
};

const whole = (text: string) => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : NaN);

/** What is wrong with one field of a row, or null. */
function fieldError(row: Row, field: Field): string | null {
  if (field === 'start') return TIME.test(row.start.trim()) ? null : f.badTime;
  const value = whole(row[field]);
  const { min, max, says } = BOUNDS[field];
  return Number.isNaN(value) || value < min || value > max ? says() : null;
}

/** Everything wrong with a row, in one sentence, or null when the server would take it. */
function rowError(row: Row): string | null {
  const found = FIELDS.map((field) => fieldError(row, field)).filter((text): text is string => text !== null);
  return found.length > 0 ? found.join('；') : null;
}

const toEntry = (row: Row): Entry => ({
  weekday: Number(row.weekday),
  start: row.start.trim(),
  durationMinutes: whole(row.durationMinutes),
  capacity: whole(row.capacity),
  priceCoins: whole(row.priceCoins),
});

/** The BFF's refusal of rows (`pattern.2.durationMinutes`…) by row index; anything else under -1. */
function refusedRows(caught: unknown): Map<number, string> {
  const found = new Map<number, string>();
  const add = (index: number, text: string) => found.set(index, found.has(index) ? `${found.get(index)}；${text}` : text);
  if (caught instanceof ApiError && caught.code === 'VALIDATION_FAILED') {
    for (const detail of caught.details) {
      const [top, index, field] = String(detail.path ?? '').split('.');
      if (top !== 'pattern' || !/^\d+$/.test(index ?? '')) continue;
      // Times are checked here before sending: a refused start is one another slot has too.
      if (field === 'start') add(Number(index), f.repeatedStart);
      else add(Number(index), field && field in BOUNDS ? BOUNDS[field as keyof typeof BOUNDS].says() : fieldSentence(field ?? top, detail.message));
    }
  }
  if (found.size === 0) found.set(-1, messageFor(caught));
  return found;
}

/**
 * What is wrong with the rows together, by row id: a start that another row of the same day has,
 * or slots that overlap and sell more places at once than the facility holds (the BFF's own checks).
 */
function patternErrors(rows: Row[], capacity: number): Record<number, string> {
  const entries = rows.map(toEntry);
  const repeated = repeatedStart(entries);
  if (repeated >= 0) return { [rows[repeated].id]: f.repeatedStart };
  const peak = peakPlaces(entries);
  if (peak.places > capacity) return { [rows[peak.index].id]: f.overbooked(peak.places, capacity) };
  return {};
}

/**
 * A booking facility's weekly slots as rows of day, start, length, places and price, each row's
 * mistakes said on it; `notice`, what the last save came to, is said under its button.
 */
export function SlotPatternEditor(props: { facilityId: string; capacity: number; pattern: Entry[]; notice?: ReactNode; onSaved: (text: string) => void }) {
  const { facilityId, capacity, pattern, onSaved } = props;
  const [rows, setRows] = useState<Row[]>(() =>
    pattern.map((entry, index) => ({
      id: index,
      weekday: String(entry.weekday),
      start: entry.start,
      durationMinutes: String(entry.durationMinutes),
      capacity: String(entry.capacity),
      priceCoins: String(entry.priceCoins),
    })),
  );
  const nextId = useRef(pattern.length);
  // Mistakes by row id; a row's goes once that row is edited.
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const forget = (id: number) => setErrors((previous) => {
    if (!(id in previous)) return previous;
    const { [id]: _gone, ...rest } = previous;
    return rest;
  });
  const set = (id: number, field: 'weekday' | Field, value: string) => {
    setRows((previous) => previous.map((row) => (row.id === id ? { ...row, [field]: value } : row)));
    forget(id);
  };
  const add = () => {
    const id = nextId.current++;
    setRows((previous) => [...previous, { id, weekday: '1', start: '18:00', durationMinutes: '60', capacity: '4', priceCoins: '30' }]);
  };
  const remove = (id: number) => {
    setRows((previous) => previous.filter((row) => row.id !== id));
    forget(id);
  };

  const save = useAction(async () => {
    const found: Record<number, string> = {};
    for (const row of rows) {
      const wrong = rowError(row);
      if (wrong) found[row.id] = wrong;
    }
    if (Object.keys(found).length === 0) Object.assign(found, patternErrors(rows, capacity));
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    try {
      const { facility } = await venueAdminApi.setSlotPattern(facilityId, rows.map(toEntry));
      onSaved(f.patternSaved(facility.slots.length));
    } catch (caught) {
      const refused = refusedRows(caught);
      setErrors(Object.fromEntries(rows.flatMap((row, index) => (refused.has(index) ? [[row.id, refused.get(index) as string]] : []))));
      setError(refused.get(-1) ?? null);
    }
  });

  const label = { start: f.start, durationMinutes: f.duration, capacity: f.slotCapacity, priceCoins: f.slotPrice };
  return (
    <View className='pattern' data-testid='slot-pattern'>
      <Text className='facility-form__label'>{f.pattern}</Text>
      <Text className='pattern__hint'>{f.patternHint}</Text>
      {rows.map((row) => (
        <View key={row.id} className={`pattern__row${errors[row.id] ? ' pattern__row--bad' : ''}`} data-testid='pattern-row'>
          <View className='facility-form__chips'>
            {DAYS.map((day, at) => (
              <Text key={day} className={`pattern__day${row.weekday === String(at + 1) ? ' pattern__day--on' : ''}`} onClick={() => set(row.id, 'weekday', String(at + 1))}>{day}</Text>
            ))}
          </View>
          {FIELDS.map((field) => (
            <View key={field} className='pattern__field'>
              <Text className='pattern__label'>{label[field]}</Text>
              <Input className='pattern__input' type={field === 'start' ? 'text' : 'number'} value={row[field]} onInput={(event) => set(row.id, field, event.detail.value)} data-testid={`pattern-${field}`} />
            </View>
          ))}
          <Text className='pattern__remove' onClick={() => remove(row.id)}>{f.remove}</Text>
          {errors[row.id] && <Text className='facility-form__error pattern__error' data-testid='pattern-row-error'>{errors[row.id]}</Text>}
        </View>
      ))}
      <Text className='pattern__add' onClick={add} data-testid='add-pattern-row'>{f.addSlot}</Text>
      {Object.keys(errors).length > 0 && <Text className='facility-form__error' data-testid='pattern-fix-rows'>{f.fixRows}</Text>}
      {error && <Text className='facility-form__error' data-testid='pattern-error'>{error}</Text>}
      {/* The label stays while saving, the spinner says it is busy: a Taro H5 button whose text changes as `loading` turns on throws and leaves stale DOM behind. */}
      <Button size='mini' type='primary' disabled={save.running} loading={save.running} onClick={() => void save.run()} data-testid='save-pattern'>{f.savePattern}</Button>
      {props.notice}
    </View>
  );
}
