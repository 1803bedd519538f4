import { Button, Input, Text, View } from '@tarojs/components';
import type { API_ROUTES, RouteBody } from '@calorie-bank/shared/api';
import { useState } from 'react';
import { messageFor } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { localized, t } from '../../../../i18n/messages';
import { venueAdminApi } from '../gate/api';
import { f } from './i18n';

type Entry = RouteBody<(typeof API_ROUTES)['setSlotPattern']>['pattern'][number];
type Row = Record<'weekday' | 'start' | 'durationMinutes' | 'capacity' | 'priceCoins', string>;

/** ISO weekdays 1–7, Monday first. */
const DAYS = localized({ zh: ['一', '二', '三', '四', '五', '六', '日'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] });

const toRow = (entry: Entry): Row => ({
  weekday: String(entry.weekday),
  start: entry.start,
  durationMinutes: String(entry.durationMinutes),
  capacity: String(entry.capacity),
  priceCoins: String(entry.priceCoins),
});

/** Reads the rows; answers the index of the first row that does not parse, or the pattern. */
function parse(rows: Row[]): Entry[] | number {
  const entries: Entry[] = [];
  for (const [index, row] of rows.entries()) {
    const numbers = [row.durationMinutes, row.capacity, row.priceCoins].map((text) => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : NaN));
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(row.start.trim()) || numbers.some(Number.isNaN)) return index;
    entries.push({ weekday: Number(row.weekday), start: row.start.trim(), durationMinutes: numbers[0], capacity: numbers[1], priceCoins: numbers[2] });
  }
  return entries;
}

/** A booking facility's weekly slots as rows of day, start, length, places and price. */
export function SlotPatternEditor({ facilityId, pattern, onSaved }: { facilityId: string; pattern: Entry[]; onSaved: (text: string) => void }) {
  const [rows, setRows] = useState<Row[]>(pattern.map(toRow));
  const [error, setError] = useState<string | null>(null);
  const set = (index: number, field: keyof Row, value: string) => setRows((previous) => previous.map((row, at) => (at === index ? { ...row, [field]: value } : row)));

  const save = useAction(async () => {
    const parsed = parse(rows);
    if (typeof parsed === 'number') {
      setError(`#${parsed + 1}: ${f.badTime} / ${f.mustBeWhole}`);
      return;
    }
    setError(null);
    try {
      const { facility } = await venueAdminApi.setSlotPattern(facilityId, parsed);
      onSaved(f.patternSaved(facility.slots.length));
    } catch (caught) {
      setError(messageFor(caught));
    }
  });

  return (
    <View className='pattern' data-testid='slot-pattern'>
      <Text className='facility-form__label'>{f.pattern}</Text>
      <Text className='pattern__hint'>{f.patternHint}</Text>
      {rows.map((row, index) => (
        <View key={index} className='pattern__row' data-testid='pattern-row'>
          <View className='facility-form__chips'>
            {DAYS.map((day, at) => (
              <Text key={day} className={`pattern__day${row.weekday === String(at + 1) ? ' pattern__day--on' : ''}`} onClick={() => set(index, 'weekday', String(at + 1))}>{day}</Text>
            ))}
          </View>
          {(['start', 'durationMinutes', 'capacity', 'priceCoins'] as const).map((field) => (
            <Input
              key={field}
              className='pattern__input'
              placeholder={{ start: f.start, durationMinutes: f.duration, capacity: f.slotCapacity, priceCoins: f.slotPrice }[field]}
              value={row[field]}
              onInput={(event) => set(index, field, event.detail.value)}
              data-testid={`pattern-${field}`}
            />
          ))}
          <Text className='pattern__remove' onClick={() => setRows((previous) => previous.filter((_, at) => at !== index))}>{f.remove}</Text>
        </View>
      ))}
      <Text className='pattern__add' onClick={() => setRows((previous) => [...previous, { weekday: '1', start: '18:00', durationMinutes: '60', capacity: '4', priceCoins: '30' }])} data-testid='add-pattern-row'>
        {f.addSlot}
      </Text>
      {error && <Text className='facility-form__error' data-testid='pattern-error'>{error}</Text>}
      <Button size='mini' type='primary' disabled={save.running} onClick={() => void save.run()} data-testid='save-pattern'>{save.running ? t.loading : f.savePattern}</Button>
    </View>
  );
}
