import { Button, Input, Text, View } from '@tarojs/components';
import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { useState, type ReactNode } from 'react';
import { messageFor } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { OpeningHoursEditor, dayErrors, daysOf, openingHoursOf, useHoursFormErrors, type Day, type OpeningHoursLook } from '../../../../components/OpeningHoursEditor';
import { fieldErrorsOf } from '../../../../hooks/fieldErrors';
import { useAction } from '../../../../hooks/useAction';
import { venueAdminApi } from '../gate/api';
import { f } from './i18n';

type Venue = RouteResponse<(typeof API_ROUTES)['merchantVenue']>['venue'];

const FIELDS = ['name', 'address', 'openingHours'] as const;

const HOURS_LOOK: OpeningHoursLook = {
  row: 'facility-form__field',
  line: 'facility-form__chips',
  label: 'facility-form__label',
  chip: 'facility-form__chip',
  input: 'facility-form__input',
  error: 'facility-form__error',
};

/**
 * A venue's name, address and opening hours (per weekday, in the business time zone), edited by
 * its merchant; errors are shown beside the field, the BFF's too. A rejected venue becomes a draft
 * again; one under review cannot change (the BFF answers why). `notice`, what the last save came
 * to, is said under its button.
 */
export function VenueForm({ venue, notice, onSaved }: { venue: Venue; notice?: ReactNode; onSaved: (text: string) => void }) {
  const { businessTimeZone } = useClientConfig();
  const [name, setName] = useState(venue.name);
  const [address, setAddress] = useState(venue.address);
  const [days, setDays] = useState<Day[]>(() => daysOf(venue.openingHours));
  // A field's mistake goes once it is edited; shown mistakes of the hours are checked again as the hours are edited.
  const { errors, setErrors, forget } = useHoursFormErrors(days);

  const save = useAction(async () => {
    const found = dayErrors(days);
    if (!name.trim()) found.name = f.required;
    if (!address.trim()) found.address = f.required;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await venueAdminApi.updateVenue(venue.id, { name: name.trim(), address: address.trim(), openingHours: openingHoursOf(days) });
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
            onInput={(event) => {
              (field === 'name' ? setName : setAddress)(event.detail.value);
              forget(field);
            }}
            data-testid={`venue-${field}`}
          />
          {errors[field] && <Text className='facility-form__error' data-testid={`venue-${field}-error`}>{errors[field]}</Text>}
        </View>
      ))}
      <Text className='facility-form__label'>{f.hours(businessTimeZone)}</Text>
      <OpeningHoursEditor days={days} onChange={setDays} errors={errors} look={HOURS_LOOK} testId='venue-day' />
      {errors.openingHours && <Text className='facility-form__error' data-testid='venue-openingHours-error'>{errors.openingHours}</Text>}
      {errors[''] && <Text className='facility-form__error' data-testid='venue-form-error'>{errors['']}</Text>}
      {/* The label stays while saving, the spinner says it is busy: a Taro H5 button whose text changes as `loading` turns on throws and leaves stale DOM behind. */}
      <Button size='mini' type='primary' disabled={save.running} loading={save.running} onClick={() => void save.run()} data-testid='save-venue'>
        {f.save}
      </Button>
      {notice}
    </View>
  );
}
