import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { messageFor } from '../../../../api/client';
import { useClientConfig } from '../../../../api/client-config';
import { QrCode } from '../../../../components/QrCode';
import { Failure, Loading } from '../../../../components/StateView';
import { t } from '../../../../i18n/messages';
import { VisitCard } from '../../components/VisitCard';
import { clockTime } from '../../format';
import { v } from '../../i18n';
import { useEntryPass } from '../../usePass';
import { withPageBar } from '../../../../components/PageBar';
import '../venues.css';

/** A receipt is shown on the pass for this long after leaving, so the user sees it at the gate. */
const RECENT_MS = 15 * 60_000;

/**
 * The entry pass: a single-use code as a QR, renewed before it expires, for the gate to scan on
 * the way in and on the way out; the visit in progress, or the receipt of the one just ended.
 */
function Pass() {
  const { businessTimeZone } = useClientConfig();
  // Watches the latest visit while shown: a scan at the gate shows here within seconds, with a new code.
  const pass = useEntryPass();

  if (!pass.pass && pass.error) return <Failure message={messageFor(pass.error)} onRetry={() => void pass.refresh()} />;
  if (!pass.pass) return <Loading />;
  const visit = pass.visit ?? null;
  const recent = visit && (visit.status === 'open' || (visit.leftAt && Date.now() - Date.parse(visit.leftAt) < RECENT_MS));
  return (
    <View className='pass' data-testid='pass'>
      <Text className='pass__title'>{v.entryPass}</Text>
      <View className={pass.stale ? 'pass__qr--stale' : ''}>
        <QrCode text={pass.pass.code} testId='pass-qr' />
      </View>
      <Text className='pass__code' data-testid='pass-code' selectable>{pass.pass.code.replace(/(.{4})(?=.)/g, '$1 ')}</Text>
      <View className='pass__bar'>
        <View className='pass__bar-fill' style={{ width: `${Math.round(pass.share * 100)}%` }} />
      </View>
      <Text className='pass__countdown' data-testid='pass-countdown'>{pass.refreshing ? v.passRefreshing : v.passExpiresIn(pass.secondsLeft)}</Text>
      {Boolean(pass.error) && (
        <View className='notice notice--error' data-testid='pass-error'>
          <Text>{messageFor(pass.error)}</Text>
          <Button size='mini' onClick={() => void pass.refresh()} data-testid='pass-retry'>{t.retry}</Button>
        </View>
      )}
      <Text className='hint'>{v.passHint}</Text>
      {visit && visit.status === 'open' && (
        <Text className='preview' data-testid='inside-since'>{v.insideSince(`${visit.venueName} · ${visit.facilityName}`, clockTime(visit.enteredAt, businessTimeZone))}</Text>
      )}
      {visit && recent && visit.status !== 'open' && <VisitCard visit={visit} timeZone={businessTimeZone} />}
      <Text className='more' onClick={() => void Taro.navigateTo({ url: '/packages/venues/pages/visits/index' })} data-testid='open-visits'>{v.myVisits}</Text>
    </View>
  );
}

export default withPageBar(Pass);
