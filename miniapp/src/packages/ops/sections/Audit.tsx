import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsApi } from '../api';
import { o } from '../i18n';
import { PagedRows } from './Paged';

const ACTIONS = ['', ...Object.keys(o.actions)];

function compact(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value);
}

function AuditList({ action }: { action: string }) {
  const list = usePagedList((cursor) => opsApi.audit(action, cursor));
  return (
    <PagedRows list={list} empty={o.noAudit}>
      {(entry) => (
        <View key={entry.id} className='ops-card' data-testid='audit-entry'>
          <View className='ops-card__head'>
            <Text className='ops-card__title' data-testid='audit-action'>{o.actions[entry.action] ?? entry.action}</Text>
            <Text className='ops-card__meta'>{new Date(entry.createdAt).toLocaleString()}</Text>
          </View>
          <Text className='ops-card__meta'>{`${entry.actor} · ${entry.targetType}${entry.targetId ? ` #${entry.targetId}` : ''}`}</Text>
          {entry.reason && <Text className='ops-card__text' data-testid='audit-reason'>{entry.reason}</Text>}
          {(entry.before !== null || entry.after !== null) && (
            <Text className='ops-diff'>{`${o.before} ${compact(entry.before)}\n${o.after} ${compact(entry.after)}`}</Text>
          )}
        </View>
      )}
    </PagedRows>
  );
}

/** Every operator action, newest first, optionally of one kind. */
export function Audit() {
  const [action, setAction] = useState('');
  return (
    <View>
      <View className='ops-bar'>
        {ACTIONS.map((name) => (
          <Text key={name || 'all'} className={`ops-chip${name === action ? ' ops-chip--on' : ''}`} onClick={() => setAction(name)} data-testid={`audit-filter-${name || 'all'}`}>
            {name ? o.actions[name] : o.allActions}
          </Text>
        ))}
      </View>
      <AuditList key={action} action={action} />
    </View>
  );
}
