import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { LATEST_DATE } from '@calorie-bank/shared/dates';
import { useEffect, useState } from 'react';
import { messageFor, staffApi } from '../../../../api/client';
import { fieldErrorsOf } from '../../../../hooks/fieldErrors';
import { useAction } from '../../../../hooks/useAction';
import { fieldSentence } from '../../../../i18n/fieldErrors';
import { t } from '../../../../i18n/messages';
import { ImageField } from './ImageField';
import { withPageBar } from '../../../../components/PageBar';
import './index.css';

const KINDS = ['coupon', 'product', 'venue_session'] as const;
const DAY = 86_400_000;

interface Form {
  title: string;
  description: string;
  imageUrl: string;
  kind: (typeof KINDS)[number];
  priceCoins: string;
  totalStock: string;
  perUserLimit: string;
  validDays: string;
  voucherDays: string;
}

/**
 * The whole-number fields' bounds, as shared/src/schemas/offers.ts has them (the days become
 * `validUntil` and `voucherTtlSeconds`), checked before sending so that, say, 0 days on sale is
 * refused beside its field instead of saving an offer that has already ended.
 */
const BOUNDS: Partial<Record<keyof Form, { min: number; max?: number }>> = {
  priceCoins: { min: 1, max: 1_000_000 },
  totalStock: { min: 1, max: 1_000_000 },
  perUserLimit: { min: 1, max: 100 },
  // No more days than reach LATEST_MS, checked below.
  validDays: { min: 1 },
  voucherDays: { min: 1, max: 366 },
};
/** The last instant any request may name: an offer on sale past it is refused. */
const LATEST_MS = Date.parse(`${LATEST_DATE}T23:59:59.999Z`);

/** What is wrong with each number as typed, said as the BFF's refusal of that field would be. */
function numberErrors(form: Form, now: number): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, { min, max = Infinity }] of Object.entries(BOUNDS) as [keyof Form, { min: number; max?: number }][]) {
    const text = form[key].trim();
    const value = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
    const tooLate = key === 'validDays' && now + value * DAY > LATEST_MS;
    if (Number.isNaN(value) || value < min || value > max || tooLate) errors[key] = fieldSentence(key, Number.isFinite(max) ? `>=${min} <=${max}` : `>=${min}`);
  }
  return errors;
}

const EMPTY: Form = { title: '', description: '', imageUrl: '', kind: 'coupon', priceCoins: '100', totalStock: '100', perUserLimit: '1', validDays: '30', voucherDays: '7' };

/** Creates a draft offer, or edits a draft or rejected one (`?id=`); saving keeps it a draft until submitted. */
function OfferForm() {
  const id = useRouter().params.id;
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!id) return;
    void staffApi.offers().then(({ items }) => {
      const offer = items.find((item) => item.id === id);
      if (!offer) return;
      setForm({
        title: offer.title,
        description: offer.description,
        imageUrl: offer.imageUrl ?? '',
        kind: offer.kind,
        priceCoins: String(offer.priceCoins),
        totalStock: String(offer.totalStock),
        perUserLimit: String(offer.perUserLimit),
        validDays: String(Math.max(1, Math.round((Date.parse(offer.validUntil) - Date.now()) / DAY))),
        voucherDays: String(Math.max(1, Math.round(offer.voucherTtlSeconds / 86_400))),
      });
    }, (caught: unknown) => setError(messageFor(caught)));
  }, [id]);

  // A field's mistake goes as soon as the field is edited; the rest stay until they are fixed too.
  const forget = (key: string) => setFields((previous) => {
    if (!(key in previous)) return previous;
    const { [key]: _gone, ...rest } = previous;
    return rest;
  });
  const set = (key: keyof Form) => (event: { detail: { value: string } }) => {
    setForm((previous) => ({ ...previous, [key]: event.detail.value }));
    forget(key);
  };

  const save = useAction(async () => {
    if (!form.title.trim()) return;
    const now = Date.now();
    const wrong = numberErrors(form, now);
    setError(null);
    setFields(wrong);
    if (Object.keys(wrong).length > 0) return;
    const body = {
      title: form.title,
      description: form.description,
      imageUrl: form.imageUrl.trim() || null,
      kind: form.kind,
      priceCoins: Number(form.priceCoins),
      totalStock: Number(form.totalStock),
      perUserLimit: Number(form.perUserLimit),
      validFrom: new Date(now - 60_000).toISOString(),
      validUntil: new Date(now + Number(form.validDays) * DAY).toISOString(),
      voucherTtlSeconds: Number(form.voucherDays) * 86_400,
    };
    try {
      if (id) await staffApi.updateOffer(id, body);
      else await staffApi.createOffer(body);
      void Taro.navigateBack();
    } catch (caught) {
      const found = fieldErrorsOf(caught, Object.keys(EMPTY), { validFrom: 'validDays', validUntil: 'validDays', voucherTtlSeconds: 'voucherDays' });
      setFields(found);
      setError(found[''] ? `${messageFor(caught)}（${found['']}）` : messageFor(caught));
    }
  });

  const field = (key: keyof Form, label: string, type: 'text' | 'number' = 'number') => (
    <View className='form__field'>
      <Text className='form__label'>{label}</Text>
      <Input className={`form__input${fields[key] ? ' form__input--bad' : ''}`} type={type} value={form[key]} onInput={set(key)} data-testid={`offer-${key}`} />
      {fields[key] && <Text className='field-error form__field-error' data-testid={`field-error-${key}`}>{fields[key]}</Text>}
    </View>
  );

  return (
    <View className='form'>
      {field('title', t.title, 'text')}
      <View className='form__field'>
        <Text className='form__label'>{t.description}</Text>
        <Textarea className='form__textarea' value={form.description} onInput={set('description')} data-testid='offer-description' />
        {fields.description && <Text className='field-error form__field-error' data-testid='field-error-description'>{fields.description}</Text>}
      </View>
      <ImageField value={form.imageUrl} onChange={(imageUrl) => { setForm((previous) => ({ ...previous, imageUrl })); forget('imageUrl'); }} />
      {fields.imageUrl && <Text className='field-error form__field-error' data-testid='field-error-imageUrl'>{fields.imageUrl}</Text>}
      <View className='form__field'>
        <Text className='form__label'>{t.kind}</Text>
        <Picker mode='selector' range={KINDS.map((kind) => t.kindNames[kind])} value={KINDS.indexOf(form.kind)} onChange={(event) => { setForm((previous) => ({ ...previous, kind: KINDS[Number(event.detail.value)] })); forget('kind'); }}>
          <Text className='form__picker'>{t.kindNames[form.kind]}</Text>
        </Picker>
      </View>
      {field('priceCoins', t.price)}
      {field('totalStock', t.stock)}
      {field('perUserLimit', t.perUserLimit)}
      {field('validDays', t.validDays)}
      {field('voucherDays', t.voucherDays)}
      <Button type='primary' disabled={save.running || !form.title.trim()} onClick={() => void save.run()} data-testid='save-offer'>{t.saveDraft}</Button>
      {error && <Text className='form__error' data-testid='form-error'>{error}</Text>}
    </View>
  );
}

export default withPageBar(OfferForm);
