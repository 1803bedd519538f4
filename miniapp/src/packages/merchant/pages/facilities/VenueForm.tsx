import { Button, Input, Text, View } from '@tarojs/components';
import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { useState } from 'react';
import { messageFor } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { fieldErrorsOf } from '../../../../hooks/fieldErrors';
import { useAction } from '../../../../hooks/useAction';
import { t } from '../../../../i18n/messages';
import { venueAdminApi } from '../gate/api';
import { f } from './i18n';

type Venue = RouteResponse<(typeof API_ROUTES)['merchantVenue']>['venue'];
type Hours = Venue['openingHours'];
interface Day {
  open: boolean;
  opens: string;
  closes: string;
}

const WEEK = [1, 2, 3, 4, 5, 6, 7];
const FIELDS = ['name', 'address', 'openingHours'] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** One row per weekday, from the stored hours (a weekday with two spans keeps its first here). */
function daysOf(hours: Hours): Day[] {
  return WEEK.map((weekday) => {
    const span = hours.find((entry) => entry.weekday === weekday);
    return span ? { open: true, opens: span.opens, closes: span.closes } : { open: false, opens: '08:00', closes: '22:00' };
  });
}

/**
 * A venue's name, address and opening hours (per weekday, in the business time zone), edited by
 * its merchant; errors are shown beside the field, the BFF's too. A rejected venue becomes a draft
 * again; one under review cannot change (the BFF answers why).
 */
export function VenueForm({ venue, onSaved }: { venue: Venue; onSaved: (text: string) => void }) {
  const { businessTimeZone } = useClientConfig();
  const [name, setName] = useState(venue.name);
  const [address, setAddress] = useState(venue.address);
  const [days, setDays] = useState<Day[]>(() => daysOf(venue.openingHours));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setDay = (index: number, change: Partial<Day>) => setDays((previous) => previous.map((day, at) => (at === index ? { ...day, ...change } : day)));

  const save = useAction(async () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = f.required;
    if (!address.trim()) found.address = f.required;
    days.forEach((day, index) => {
      if (!day.open) return;
      if (!TIME.test(day.opens) || !TIME.test(day.closes)) found[`day${index}`] = f.badTime;
      else if (day.opens >= day.closes) found[`day${index}`] = f.closesAfterOpens;
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const openingHours = days.flatMap((day, index) => (day.open ? [{ weekday: WEEK[index], opens: day.opens, closes: day.closes }] : []));
    try {
      await venueAdminApi.updateVenue(venue.id, { name: name.trim(), address: address.trim(), openingHours });
      onSaved(f.venueSaved);
    } catch (error) {
      const byField = fieldErrorsOf(error, FIELDS);
      setErrors(Object.keys(byField).length > 0 ? byField : { '': messageFor(error) });
    }
  });

  return (
    <View className='facility-form' data-testid='venue-form'>
      {(['name', 'address'] as const).map((field) => (
        <View key={field} className='facility-form__field'>
          <Text className='facility-form__label'>{field === 'name' ? f.venueName : f.address}</Text>
          <Input
            className='facility-form__input'
            value={field === 'name' ? name : address}
            onInput={(event) => (field === 'name' ? setName : setAddress)(event.detail.value)}
            data-testid={`venue-${field}`}
          />
          {errors[field] && <Text className='facility-form__error' data-testid={`venue-${field}-error`}>{errors[field]}</Text>}
        </View>
      ))}
      <Text className='facility-form__label'>{f.hours(businessTimeZone)}</Text>
      {days.map((day, index) => (
        <View key={WEEK[index]} className='facility-form__field' data-testid='venue-day'>
          <View className='facility-form__chips'>
            <Text className='facility-form__label'>{f.weekday[index]}</Text>
            <Text
              className={`facility-form__chip${day.open ? ' facility-form__chip--on' : ''}`}
              onClick={() => setDay(index, { open: !day.open })}
              data-testid='venue-day-open'
            >
              {day.open ? f.open : f.closed}
            </Text>
          </View>
          {day.open && (
            <View className='facility-form__chips'>
              <Input className='facility-form__input' value={day.opens} onInput={(event) => setDay(index, { opens: event.detail.value })} data-testid='venue-day-opens' />
              <Text>–</Text>
              <Input className='facility-form__input' value={day.closes} onInput={(event) => setDay(index, { closes: event.detail.value })} data-testid='venue-day-closes' />
            </View>
          )}
          {errors[`day${index}`] && <Text className='facility-form__error' data-testid='venue-day-error'>{errors[`day${index}`]}</Text>}
        </View>
      ))}
      {errors.openingHours && <Text className='facility-form__error' data-testid='venue-openingHours-error'>{errors.openingHours}</Text>}
      {errors[''] && <Text className='facility-form__error' data-testid='venue-form-error'>{errors['']}</Text>}
      <Button size='mini' type='primary' disabled={save.running} onClick={() => void save.run()} data-testid='save-venue'>
        {save.running ? t.loading : f.save}
      </Button>
    </View>
  );
}
