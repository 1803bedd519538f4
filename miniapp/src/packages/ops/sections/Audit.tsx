import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { useBusinessTime } from '../../../hooks/useBusinessTime';
import { usePagedList } from '../../../hooks/usePagedList';
import { opsApi, type AuditEntry } from '../api';
import { au } from '../audit-i18n';
import { PagedRows } from './Paged';

const ACTIONS = ['', ...Object.keys(au.actions)];

/** What an entry was done to, in words: 场馆 #1, or 日期 2026-11-29 for a settled day. */
export function auditTarget(entry: Pick<AuditEntry, 'targetType' | 'targetId'>): string {
  if (entry.targetType === 'day' && entry.targetId) return au.dayTarget(entry.targetId);
  const what = au.auditTargets[entry.targetType] ?? entry.targetType;
  return entry.targetId ? `${what} #${entry.targetId}` : what;
}

/** One value of a before or after, on one line: plain values as they are, lists joined, anything deeper as compact JSON. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) return value.map(valueText).join(', ');
  return JSON.stringify(value);
}

/**
 * A before or after as lines of `key: value`, whatever keys the BFF wrote: an operator reads the
 * change, not JSON. Texts are shown as text, never as markup.
 */
export function stateLines(state: unknown): string[] {
  if (state !== null && typeof state === 'object' && !Array.isArray(state)) {
    return Object.entries(state as Record<string, unknown>)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}: ${valueText(value)}`);
  }
  return [valueText(state)];
}

function StateBlock({ label, state, testId }: { label: string; state: unknown; testId: string }) {
  return (
    <View className='ops-diff' data-testid={testId}>
      <Text className='ops-diff__label'>{label}</Text>
      {stateLines(state).map((line, index) => (
        <Text key={index} className='ops-diff__line'>{line}</Text>
      ))}
    </View>
  );
}

function AuditList({ action }: { action: string }) {
  const time = useBusinessTime();
  const list = usePagedList((cursor) => opsApi.audit(action, cursor));
  return (
    <PagedRows list={list} empty={au.noAudit}>
      {(entry) => (
        <View key={entry.id} className='ops-card' data-testid='audit-entry'>
          <View className='ops-card__head'>
            <Text className='ops-card__title' data-testid='audit-action'>{au.actions[entry.action] ?? entry.action}</Text>
            <Text className='ops-card__meta'>{time.at(entry.createdAt)}</Text>
          </View>
          <Text className='ops-card__meta' data-testid='audit-target'>{`${entry.actor} · ${auditTarget(entry)}`}</Text>
          {entry.reason && <Text className='ops-card__text' data-testid='audit-reason'>{entry.reason}</Text>}
          {entry.before !== null && <StateBlock label={au.before} state={entry.before} testId='audit-before' />}
          {entry.after !== null && <StateBlock label={au.after} state={entry.after} testId='audit-after' />}
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
            {name ? au.actions[name] : au.allActions}
          </Text>
        ))}
      </View>
      <AuditList key={action} action={action} />
    </View>
  );
}
