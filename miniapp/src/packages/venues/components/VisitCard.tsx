import { Text, View } from '@tarojs/components';
import { t } from '../../../i18n/messages';
import type { Visit } from '../api';
import { clockTime, dayAndTime } from '../format';
import { v } from '../i18n';
import { Receipt } from './Receipt';

const STATUS = { open: () => v.visitOpen, closed: () => v.receipt, expired: () => v.visitExpired };

/** One visit: where and when, and its receipt once the gate (or the closing job) has ended it. */
export function VisitCard({ visit, timeZone }: { visit: Visit; timeZone: string }) {
  return (
    <View className='row-card' data-testid='visit' data-visit-id={visit.id}>
      <View className='row-card__head'>
        <Text className='row-card__title'>{`${visit.venueName} · ${visit.facilityName}`}</Text>
        <Text className={`status status--${visit.status}`} data-testid='visit-status'>{STATUS[visit.status]()}</Text>
      </View>
      <Text className='row-card__meta'>
        {`${t.activities[visit.activity] ?? visit.activity} · ${dayAndTime(visit.enteredAt, timeZone)}${visit.leftAt ? `–${clockTime(visit.leftAt, timeZone)}` : ''}`}
      </Text>
      {visit.status !== 'open' && (
        <Receipt minutes={visit.minutes ?? 0} fee={visit.fee ?? 0} calories={visit.calories ?? 0} coinsEarned={visit.coinsEarned ?? 0} bookingCoins={visit.bookingCoins} />
      )}
      {visit.status === 'expired' && <Text className='hint'>{v.expiredHint}</Text>}
    </View>
  );
}
