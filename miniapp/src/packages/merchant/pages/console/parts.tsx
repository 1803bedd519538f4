import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { messageFor, staffApi, type MerchantStatsAnswer } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { formatNumber } from '../../../../i18n/format';
import { t } from '../../../../i18n/messages';
import { u } from '../../../../i18n/ux';
import { platform } from '../../../../platform';
import { mc } from './i18n';

/** Today's figures as a small card grid, and the day's visits, bookings and revenue of the merchant's venues under it. */
export function StatsGrid({ stats }: { stats: MerchantStatsAnswer }) {
  const cells = [
    { id: 'redeemed', value: stats.redeemedToday, label: u.statRedeemed },
    { id: 'used', value: stats.usedToday, label: u.statUsed },
    { id: 'earned', value: stats.coinsEarned, label: u.statEarned },
  ];
  return (
    <View>
      <View className='console__stats' data-testid='merchant-stats'>
        {cells.map((cell) => (
          <View key={cell.id} className='console__stat'>
            <Text className='console__stat-value' data-testid={`merchant-stat-${cell.id}`}>{formatNumber(cell.value)}</Text>
            <Text className='console__stat-label'>{cell.label}</Text>
          </View>
        ))}
      </View>
      <Text className='console__offer-meta' data-testid='merchant-venue-stats'>
        {u.statVenues(stats.venuesToday.visits, stats.venuesToday.bookings, stats.venuesToday.revenue)}
      </Text>
    </View>
  );
}

/**
 * Marking a voucher used: type its code, or scan it where the super-app has a scanner (a browser
 * has none, so there the typed code is the way and the scan button is not shown).
 */
export function MarkUsed({ onUsed }: { onUsed: () => void }) {
  // The last check-in's outcome is said until the next code is typed: it is about that code, not the new one.
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const markUsed = useAction(async (value: string) => {
    if (!value.trim()) return;
    setNotice(null);
    try {
      const { voucher } = await staffApi.markVoucherUsed(value.trim());
      setNotice({ kind: 'ok', text: t.markedUsed(voucher.offerTitle) });
      setCode('');
      onUsed();
    } catch (caught) {
      setNotice({ kind: 'error', text: messageFor(caught) });
    }
  });
  const scan = useAction(async () => {
    let scanned: string;
    try {
      scanned = await platform.scanCode();
    } catch {
      return; // the user closed the scanner
    }
    await markUsed.run(scanned);
  });
  return (
    <View className='console__card'>
      {!platform.canScan && <Text className='console__hint'>{u.typeCode}</Text>}
      <View className='console__checkin'>
        <Input className='console__input console__input--code' placeholder={t.voucherCodePlaceholder} value={code} onInput={(event) => { setCode(event.detail.value); setNotice(null); }} onConfirm={() => void markUsed.run(code)} data-testid='checkin-code' />
        <Button className='console__button' type='primary' disabled={markUsed.running || !code.trim()} onClick={() => void markUsed.run(code)} data-testid='checkin'>{t.markUsed}</Button>
        {platform.canScan && <Button className='console__button' disabled={scan.running} onClick={() => void scan.run()} data-testid='scan'>{t.scan}</Button>}
      </View>
      {notice && <Text className={`console__notice console__notice--${notice.kind}`} data-testid='checkin-notice'>{notice.text}</Text>}
    </View>
  );
}

/** A console button that runs its action once at a time. */
export function ActionButton({ label, action, primary, testId }: { label: string; action: () => Promise<unknown>; primary?: boolean; testId?: string }) {
  const run = useAction(action);
  return (
    <Button className='console__button console__button--small' type={primary ? 'primary' : 'default'} disabled={run.running} onClick={() => void run.run()} data-testid={testId}>
      {label}
    </Button>
  );
}

/**
 * A console button for an action that cannot be undone (a refund): the first tap asks `question`
 * beside the row, with a way back; the action runs once, however often the confirm button is tapped.
 */
export function ConfirmedAction({ label, question, confirmLabel, action, testId }: { label: string; question: string; confirmLabel: string; action: () => Promise<unknown>; testId: string }) {
  const [asking, setAsking] = useState(false);
  const run = useAction(async () => {
    try {
      await action();
    } finally {
      setAsking(false);
    }
  });
  if (!asking) {
    return <Button className='console__button console__button--small' onClick={() => setAsking(true)} data-testid={testId}>{label}</Button>;
  }
  return (
    <View className='console__confirm' data-testid={`${testId}-question`}>
      <Text className='console__confirm-question'>{question}</Text>
      <View className='console__confirm-buttons'>
        <Button className='console__button console__button--small' disabled={run.running} onClick={() => setAsking(false)} data-testid={`${testId}-keep`}>{mc.keep}</Button>
        <Button className='console__button console__button--small' type='warn' disabled={run.running} onClick={() => void run.run()} data-testid={`${testId}-confirm`}>{confirmLabel}</Button>
      </View>
    </View>
  );
}
