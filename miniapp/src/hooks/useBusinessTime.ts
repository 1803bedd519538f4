import { businessDate } from '@calorie-bank/shared/dates';
import { useClientConfig } from '../api/client-config';
import { dateAndTime } from '../i18n/clock';

/**
 * Instants as the business time zone's wall clock, the same on every phone and screen: `at` gives
 * `YYYY-MM-DD HH:MM`, `day` the date alone. A phone's own zone and seconds would make the same post,
 * voucher or ledger line read differently from one screen to the next.
 */
export function useBusinessTime(): { at: (iso: string) => string; day: (iso: string) => string } {
  const { businessTimeZone } = useClientConfig();
  return {
    at: (iso) => dateAndTime(iso, businessTimeZone),
    day: (iso) => businessDate(new Date(iso), businessTimeZone),
  };
}
