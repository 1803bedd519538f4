import { Text, View } from '@tarojs/components';
import type { ErrorCode } from '@calorie-bank/shared/errors';
import { ERROR_MESSAGES } from '../../../i18n/error-messages';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsApi } from '../api';
import { o } from '../i18n';
import { PagedRows } from './Paged';
import { useBusinessTime } from '../../../hooks/useBusinessTime';

/** Syncs the replay detector flagged and implausible counts, newest first. */
export function Flagged() {
  const time = useBusinessTime();
  const list = usePagedList((cursor) => opsApi.flaggedSyncs(cursor));
  return (
    <PagedRows list={list} empty={o.noFlagged}>
      {(sync) => (
        <View key={sync.id} className='ops-card' data-testid='flagged-sync'>
          <View className='ops-card__head'>
            <Text className='ops-card__title'>{`${sync.nickname}（ID ${sync.userId}）`}</Text>
            <Text className={`ops-badge ops-badge--${sync.outcome}`}>{o.outcome[sync.outcome]}</Text>
          </View>
          <Text className='ops-card__meta'>{`${time.at(sync.createdAt)} · ${o.flaggedMeta(sync.date, sync.steps)} · +${sync.credited}`}</Text>
          {sync.reason && <Text className='ops-card__text'>{[sync.reason, ERROR_MESSAGES[sync.reason as ErrorCode]].filter(Boolean).join('：')}</Text>}
        </View>
      )}
    </PagedRows>
  );
}
