import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { ApiError, messageFor } from '../../../api/client';
import { useClientConfig } from '../../../api/client-config';
import { OpeningHoursEditor, dayErrors, emptyDays, openingHoursOf, useHoursFormErrors, type Day, type OpeningHoursLook } from '../../../components/OpeningHoursEditor';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
import { useAction } from '../../../hooks/useAction';
import { opsVenuesApi, type CreatedVenue, type OpsMerchant, type VenueRequest } from '../api';
import { v } from '../venues-i18n';
import { Field } from './Field';
import { MerchantPicker } from './MerchantPicker';

// The limits of CreateVenueRequest in shared/src/schemas/venues.ts, written out because importing
// the schema would ship zod to the console; the BFF checks the same request again.
const NAME_MAX = 80;
const ADDRESS_MAX = 255;
const FIELDS = ['merchantId', 'name', 'address', 'openingHours'] as const;
const HOURS_LOOK: OpeningHoursLook = { line: 'ops-bar', label: 'ops-field__label', chip: 'ops-chip', input: 'ops-input ops-input--short', error: 'field-error', timesInline: true };

/** The form as filled in: the merchant picked from the list, and one span of opening hours per weekday, as the merchant's own venue form edits them. */
export interface VenueDraft {
  merchant: OpsMerchant | null;
  name: string;
  address: string;
  days: Day[];
}

/** What is wrong, by field (`day0`…`day6` for the weekdays, `''` for the form as a whole). */
export type VenueErrors = Record<string, string>;

export const emptyVenueDraft = (): VenueDraft => ({
  merchant: null,
  name: '',
  address: '',
  days: emptyDays(),
});

/** The request for a filled-in form, or what is wrong with it, by field. */
export function venueRequest(draft: VenueDraft): { body: VenueRequest } | { errors: VenueErrors } {
  const errors: VenueErrors = dayErrors(draft.days);
  const name = draft.name.trim();
  const address = draft.address.trim();
  if (!draft.merchant) errors.merchantId = v.merchantRequired;
  if (!name) errors.name = v.nameRequired;
  else if (name.length > NAME_MAX) errors.name = v.tooLong(NAME_MAX);
  if (!address) errors.address = v.addressRequired;
  else if (address.length > ADDRESS_MAX) errors.address = v.tooLong(ADDRESS_MAX);
  if (Object.keys(errors).length > 0 || !draft.merchant) return { errors };
  return { body: { merchantId: draft.merchant.id, name, address, openingHours: openingHoursOf(draft.days) } };
}

/** The BFF's refusal said beside the field it concerns: an unknown merchant beside the merchant. */
function refusalErrors(caught: unknown): VenueErrors {
  if (caught instanceof ApiError && caught.code === 'NOT_FOUND') return { merchantId: v.noMerchant };
  const found = fieldErrorsOf(caught, FIELDS);
  return { ...found, '': found[''] ?? messageFor(caught) };
}

/**
 * A new draft venue for a merchant: checked field by field before it is sent, then handed to
 * `onCreated`. `onSending` is told when a request starts and when it ends (or the form goes), so
 * that the parent does not let the form close and open again meanwhile: a fresh form could send
 * the same venue a second time.
 */
export function NewVenueForm({ onCreated, onSending }: { onCreated: (venue: CreatedVenue) => void; onSending: (sending: boolean) => void }) {
  const { businessTimeZone } = useClientConfig();
  const [draft, setDraft] = useState<VenueDraft>(emptyVenueDraft);
  // A field's mistake goes once it is edited; the opening hours are checked again as they are edited.
  const { errors, setErrors, forget } = useHoursFormErrors(draft.days);
  const set = (key: 'name' | 'address') => (event: { detail: { value: string } }) => {
    setDraft((previous) => ({ ...previous, [key]: event.detail.value }));
    forget(key);
  };
  const setMerchant = (merchant: OpsMerchant | null) => {
    setDraft((previous) => ({ ...previous, merchant }));
    if (merchant) forget('merchantId');
  };
  const setDays = (update: (days: Day[]) => Day[]) => setDraft((previous) => ({ ...previous, days: update(previous.days) }));
  const fieldMistakes = Object.keys(errors).some((key) => key !== '');

  const create = useAction(async () => {
    const request = venueRequest(draft);
    if ('errors' in request) {
      setErrors(request.errors);
      return;
    }
    setErrors({});
    try {
      const { venue } = await opsVenuesApi.create(request.body);
      onCreated(venue);
    } catch (caught) {
      setErrors(refusalErrors(caught));
    }
  });
  useEffect(() => {
    if (!create.running) return;
    onSending(true);
    return () => onSending(false);
  }, [create.running]);

  return (
    <View className='ops-card' data-testid='new-venue-form'>
      <Field label={v.merchantField} error={errors.merchantId} name='merchantId' errorFirst>
        <MerchantPicker chosen={draft.merchant} onChoose={setMerchant} />
      </Field>
      <Field label={v.name} error={errors.name} name='name'>
        <Input className='ops-input' value={draft.name} maxlength={NAME_MAX} onInput={set('name')} data-testid='new-venue-name' />
      </Field>
      <Field label={v.address} error={errors.address} name='address'>
        <Input className='ops-input' value={draft.address} maxlength={ADDRESS_MAX} onInput={set('address')} data-testid='new-venue-address' />
      </Field>
      <Field label={v.openingHours(businessTimeZone)} error={errors.openingHours} name='openingHours'>
        <OpeningHoursEditor days={draft.days} onChange={setDays} errors={errors} look={HOURS_LOOK} testId='new-venue-day' errorTestId='field-error-day' />
      </Field>
      {errors[''] && <Text className='ops-notice ops-notice--error' data-testid='new-venue-error'>{errors['']}</Text>}
      {fieldMistakes && <Text className='ops-notice ops-notice--error' data-testid='new-venue-fix-above'>{v.fixAbove}</Text>}
      <Button type='primary' disabled={create.running} loading={create.running} onClick={() => void create.run()} data-testid='create-venue'>
        {v.create}
      </Button>
    </View>
  );
}
