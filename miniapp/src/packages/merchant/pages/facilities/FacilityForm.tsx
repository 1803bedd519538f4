import { Button, Input, Text, View } from '@tarojs/components';
import type { API_ROUTES, RouteResponse } from '@calorie-bank/shared/api';
import { ACTIVITIES } from '@calorie-bank/shared/workout-rules';
import { useState, type ReactNode } from 'react';
import { messageFor } from '../../../../api/client';
import { fieldErrorsOf } from '../../../../hooks/fieldErrors';
import { useAction } from '../../../../hooks/useAction';
import { t } from '../../../../i18n/messages';
import { venueAdminApi } from '../gate/api';
import { f } from './i18n';

type Facility = RouteResponse<(typeof API_ROUTES)['merchantVenue']>['venue']['facilities'][number];
type Kind = Facility['kind'];
const NUMBERS = ['capacity', 'longestStayMinutes', 'pricePerPeriod', 'cancelDeadlineMinutes'] as const;
const FIELDS = ['name', ...NUMBERS] as const;

const whole = (text: string) => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : null);

/**
 * A facility's terms: name, activity, capacity, longest stay and its price (walk-in) or
 * cancellation deadline (booking). Without `facility` it adds a new one to `venueId`; the way in
 * is chosen then and never changes. `notice`, what the last save came to, is said under its button.
 */
export function FacilityForm({ venueId, facility, notice, onSaved }: { venueId: string; facility?: Facility; notice?: ReactNode; onSaved: (text: string) => void }) {
  const [kind, setKind] = useState<Kind>(facility?.kind ?? 'walk_in');
  const [activity, setActivity] = useState<string>(facility?.activity ?? 'swimming');
  const [values, setValues] = useState<Record<string, string>>({
    name: facility?.name ?? '',
    capacity: String(facility?.capacity ?? ''),
    longestStayMinutes: String(facility?.longestStayMinutes ?? 120),
    pricePerPeriod: String(facility?.pricePerPeriod ?? ''),
    cancelDeadlineMinutes: String(facility?.cancelDeadlineMinutes ?? 60),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A field's mistake goes as soon as the field is edited; the others stay until they are fixed too.
  const forget = (field: string) => setErrors((previous) => {
    if (!(field in previous)) return previous;
    const { [field]: _gone, ...rest } = previous;
    return rest;
  });
  const shown = NUMBERS.filter((field) => (kind === 'walk_in' ? field !== 'cancelDeadlineMinutes' : field !== 'pricePerPeriod'));

  const save = useAction(async () => {
    const found: Record<string, string> = {};
    if (!values.name.trim()) found.name = f.required;
    for (const field of shown) if (whole(values[field]) === null) found[field] = f.mustBeWhole;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const terms = {
      name: values.name.trim(),
      activity: activity as Facility['activity'],
      capacity: whole(values.capacity) as number,
      longestStayMinutes: whole(values.longestStayMinutes) as number,
      pricePerPeriod: kind === 'walk_in' ? whole(values.pricePerPeriod) : null,
      cancelDeadlineMinutes: kind === 'booking' ? whole(values.cancelDeadlineMinutes) : null,
    };
    try {
      if (facility) await venueAdminApi.updateFacility(facility.id, terms);
      else await venueAdminApi.createFacility(venueId, { ...terms, kind });
      onSaved(facility ? f.saved : f.created(terms.name));
    } catch (error) {
      const byField = fieldErrorsOf(error, FIELDS);
      setErrors(Object.keys(byField).length > 0 ? byField : { '': messageFor(error) });
    }
  });

  const label = { name: f.name, capacity: f.capacity, longestStayMinutes: f.longestStay, pricePerPeriod: f.pricePerPeriod, cancelDeadlineMinutes: f.cancelDeadline };
  return (
    <View className='facility-form' data-testid={facility ? 'facility-form' : 'new-facility-form'}>
      {!facility && (
        <View className='facility-form__chips'>
          {(['walk_in', 'booking'] as const).map((name) => (
            <Text key={name} className={`facility-form__chip${kind === name ? ' facility-form__chip--on' : ''}`} onClick={() => setKind(name)} data-testid={`facility-kind-${name}`}>
              {name === 'walk_in' ? f.walkIn : f.booking}
            </Text>
          ))}
        </View>
      )}
      <View className='facility-form__chips'>
        {ACTIVITIES.map((name) => (
          <Text key={name} className={`facility-form__chip${activity === name ? ' facility-form__chip--on' : ''}`} onClick={() => setActivity(name)} data-testid='facility-activity'>
            {t.activities[name] ?? name}
          </Text>
        ))}
      </View>
      {(['name', ...shown] as const).map((field) => (
        <View key={field} className='facility-form__field'>
          <Text className='facility-form__label'>{label[field]}</Text>
          <Input
            className='facility-form__input'
            type={field === 'name' ? 'text' : 'number'}
            value={values[field]}
            onInput={(event) => {
              setValues((previous) => ({ ...previous, [field]: event.detail.value }));
              forget(field);
            }}
            data-testid={`facility-${field}`}
          />
          {errors[field] && <Text className='facility-form__error'>{errors[field]}</Text>}
        </View>
      ))}
      {errors[''] && <Text className='facility-form__error' data-testid='facility-form-error'>{errors['']}</Text>}
      {/* The label stays while saving, the spinner says it is busy: a Taro H5 button whose text changes as `loading` turns on throws and leaves stale DOM behind. */}
      <Button size='mini' type='primary' disabled={save.running} loading={save.running} onClick={() => void save.run()} data-testid='save-facility'>
        {facility ? f.save : f.create}
      </Button>
      {notice}
    </View>
  );
}
