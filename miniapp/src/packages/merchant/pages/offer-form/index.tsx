import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { messageFor, staffApi } from '../../../../api/client';
import { fieldErrorsOf } from '../../../../hooks/fieldErrors';
import { useAction } from '../../../../hooks/useAction';
import { t } from '../../../../i18n/messages';
import { ImageField } from './ImageField';
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

const EMPTY: Form = { title: '', description: '', imageUrl: '', kind: 'coupon', priceCoins: '100', totalStock: '100', perUserLimit: '1', validDays: '30', voucherDays: '7' };

/** Creates a draft offer, or edits a draft or rejected one (`?id=`); saving keeps it a draft until submitted. */
export default function OfferForm() {
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

  const set = (key: keyof Form) => (event: { detail: { value: string } }) => setForm({ ...form, [key]: event.detail.value });

  const save = useAction(async () => {
    if (!form.title.trim()) return;
    setError(null);
    setFields({});
    const now = Date.now();
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
      <ImageField value={form.imageUrl} onChange={(imageUrl) => setForm((previous) => ({ ...previous, imageUrl }))} />
      {fields.imageUrl && <Text className='field-error form__field-error' data-testid='field-error-imageUrl'>{fields.imageUrl}</Text>}
      <View className='form__field'>
        <Text className='form__label'>{t.kind}</Text>
        <Picker mode='selector' range={KINDS.map((kind) => t.kindNames[kind])} value={KINDS.indexOf(form.kind)} onChange={(event) => setForm({ ...form, kind: KINDS[Number(event.detail.value)] })}>
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
