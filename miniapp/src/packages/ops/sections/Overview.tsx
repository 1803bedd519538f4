import { Button, Input, Text, View } from '@tarojs/components';
import { addDays, businessDate, isCalendarDate } from '@calorie-bank/shared/dates';
import { useState } from 'react';
import { messageFor } from '../../../api/client';
import { useClientConfig } from '../../../api/client-config';
import { Failure, Loading } from '../../../components/StateView';
import { fieldErrorsOf } from '../../../hooks/fieldErrors';
import { useAction } from '../../../hooks/useAction';
import { useAsync } from '../../../hooks/useAsync';
import { t } from '../../../i18n/messages';
import { opsApi, type DayFigures } from '../api';
import { o } from '../i18n';
import { VenueFigures } from './Venues';

const SPANS = [7, 14, 30] as const;

function total(coins: Record<string, number>): number {
  return Object.values(coins).reduce((sum, value) => sum + value, 0);
}

function Figure({ value, label, testId }: { value: number; label: string; testId: string }) {
  return (
    <View className='ops-figure'>
      <Text className='ops-figure__value' data-testid={testId}>{value.toLocaleString()}</Text>
      <Text className='ops-figure__label'>{label}</Text>
    </View>
  );
}

/**
 * Every how many days a chart of `count` days writes a date and a figure: on a 375 px phone a
 * 30-day chart has about 11 px a bar, too narrow for "06-15" or "1,234".
 */
export function labelEvery(count: number): number {
  return count > 14 ? 5 : count > 7 ? 2 : 1;
}

/** One series as a bar per day, scaled to its own largest day; the latest day and every `labelEvery`-th before it carry a date and a figure. */
function BarChart({ days, series, title, value }: { days: DayFigures[]; series: 'syncs' | 'issued' | 'redeemed'; title: string; value: (day: DayFigures) => number }) {
  const values = days.map(value);
  const largest = Math.max(1, ...values);
  const every = labelEvery(days.length);
  const labelled = (index: number) => (days.length - 1 - index) % every === 0;
  return (
    <View className='ops-chart' data-testid={`chart-${series}`}>
      <Text className='ops-chart__title'>{title}</Text>
      <View className='ops-chart__bars'>
        {days.map((day, index) => (
          <View key={day.date} className='ops-chart__day' data-testid='chart-day' data-date={day.date} data-value={values[index]}>
            <Text className='ops-chart__value'>{labelled(index) ? values[index].toLocaleString() : ''}</Text>
            <View className={`ops-chart__bar ops-chart__bar--${series}`} style={{ height: `${(values[index] / largest) * 85}%` }} />
          </View>
        ))}
      </View>
      <View className='ops-chart__labels'>
        {days.map((day, index) => (
          <Text key={day.date} className='ops-chart__label' data-testid='chart-label'>{labelled(index) ? day.date.slice(5) : ''}</Text>
        ))}
      </View>
    </View>
  );
}

function Settlement() {
  const { businessTimeZone } = useClientConfig();
  // The day before yesterday in the BFF's zone (the first day no sync can change) until the operator types another.
  const [typed, setDate] = useState<string | null>(null);
  const date = typed ?? addDays(businessDate(new Date(), businessTimeZone), -2);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const settle = useAction(async () => {
    setNotice(null);
    // Checked here, not by disabling the button: a disabled H5 button still fires its tap.
    if (!isCalendarDate(date.trim())) {
      setDateError(o.errors.date);
      return;
    }
    setDateError(null);
    try {
      const { settlement } = await opsApi.settle(date.trim());
      setNotice({ kind: 'ok', text: o.settled(settlement.date, settlement.scopes, settlement.prizesPaid) });
    } catch (caught) {
      // A refusal about the date is said once, beside it; any other in the notice.
      const beside = fieldErrorsOf(caught, ['date']).date;
      if (beside) setDateError(beside);
      else setNotice({ kind: 'error', text: messageFor(caught) });
    }
  });
  return (
    <View className='ops-card'>
      <Text className='ops-card__title'>{o.settleTitle}</Text>
      <Text className='ops-hint'>{o.settleHint}</Text>
      <View className='ops-bar'>
        <Input className='ops-input ops-input--short' placeholder={o.date} value={date} onInput={(event) => { setDate(event.detail.value); setDateError(null); }} data-testid='settle-date' />
        <Button className='ops-button' size='mini' type='primary' disabled={settle.running} onClick={() => void settle.run()} data-testid='settle'>{o.settle}</Button>
      </View>
      {dateError && <Text className='field-error' data-testid='field-error-date'>{dateError}</Text>}
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} data-testid='settle-notice'>{notice.text}</Text>}
    </View>
  );
}

/** Today in figures, the last days as charts, and settlement of a closed day. */
export function Overview() {
  const [span, setSpan] = useState<number>(14);
  const today = useAsync(() => opsApi.stats(), []);
  const series = useAsync(() => opsApi.series(span), [span]);

  if (!today.data && today.error) return <Failure message={messageFor(today.error)} onRetry={() => void today.reload()} />;
  if (!today.data) return <Loading />;
  const stats = today.data;
  const issuedKinds = Object.entries(stats.coinsIssued).filter(([, coins]) => coins > 0);
  return (
    <View>
      <Text className='ops-heading'>{`${o.today} ${stats.date}`}</Text>
      <View className='ops-figures'>
        <Figure value={stats.usersSynced} label={o.usersSynced} testId='stat-users' />
        <Figure value={stats.steps} label={o.steps} testId='stat-steps' />
        <Figure value={total(stats.coinsIssued)} label={o.coinsIssued} testId='stat-issued' />
        <Figure value={stats.coinsRedeemed} label={o.coinsRedeemed} testId='stat-redeemed' />
      </View>
      <View className='ops-grid' style={{ marginTop: '16px' }}>
        <View className='ops-card'>
          <Text className='ops-card__title'>{o.issuedByKind}</Text>
          {issuedKinds.length === 0 && <Text className='ops-card__meta'>{o.nothingYet}</Text>}
          {issuedKinds.map(([kind, coins]) => (
            <Text key={kind} className='ops-card__text'>{`${t.kinds[kind] ?? kind}：${coins.toLocaleString()}`}</Text>
          ))}
        </View>
        <View className='ops-card'>
          <Text className='ops-card__title'>{o.topOffers}</Text>
          {stats.topOffers.length === 0 && <Text className='ops-card__meta'>{o.nothingYet}</Text>}
          {stats.topOffers.map((offer) => (
            <Text key={offer.offerId} className='ops-card__text'>{`${offer.title}：${offer.redeemed}`}</Text>
          ))}
        </View>
        <View className='ops-card'>
          <Text className='ops-card__title'>{o.budgets}</Text>
          {stats.budgets.length === 0 && <Text className='ops-card__meta'>{o.nothingYet}</Text>}
          {stats.budgets.map((budget) => (
            <Text key={budget.campaignId} className='ops-card__text' data-testid='stat-budget'>
              {`${budget.name}（${o.campaignStatus[budget.status] ?? budget.status}）：${o.budgetLeft(budget.budgetLeft, budget.budgetCoins)}`}
            </Text>
          ))}
        </View>
        {stats.venues && <VenueFigures figures={stats.venues} />}
        <Settlement />
      </View>
      <View className='ops-bar' style={{ marginTop: '24px' }}>
        {SPANS.map((days) => (
          <Text key={days} className={`ops-chip${days === span ? ' ops-chip--on' : ''}`} onClick={() => setSpan(days)} data-testid={`span-${days}`}>
            {o.lastDays(days)}
          </Text>
        ))}
        <Text className='ops-hint' style={{ margin: 0 }}>{o.chartHint}</Text>
      </View>
      {Boolean(series.error) && !series.data && <Failure message={messageFor(series.error)} onRetry={() => void series.reload()} />}
      {!series.data && !series.error && <Loading />}
      {series.data && (
        <View>
          <BarChart days={series.data.days} series='syncs' title={o.usersSynced} value={(day) => day.usersSynced} />
          <BarChart days={series.data.days} series='issued' title={o.coinsIssued} value={(day) => total(day.coinsIssued)} />
          <BarChart days={series.data.days} series='redeemed' title={o.coinsRedeemed} value={(day) => day.coinsRedeemed} />
        </View>
      )}
    </View>
  );
}
