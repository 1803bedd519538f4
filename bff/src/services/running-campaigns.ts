import type { DataSource, EntityManager } from 'typeorm';
import { activeCampaignsOn } from '../db/campaigns.js';
import { sendQueued } from '../db/statement-batch.js';
import { definitionOf, type CampaignDefinition } from './campaigns.js';

/**
 * How long a process keeps the list of a day's running campaigns. Every paying sync needs it and
 * it changes only when an operator edits a campaign: this process forgets it at once after its
 * own edits commit, and another process's edit is seen within this long (a sync that started
 * that much earlier would have read the same). Budgets are never cached: they are drawn under the
 * ledger's guards, so a stale list can never overspend one.
 */
export const RUNNING_CAMPAIGNS_TTL_MS = 1000;

const lists = new WeakMap<DataSource, Map<string, { until: number; campaigns: Promise<CampaignDefinition[]> }>>();

/** The campaigns running on `date` (active and within their dates), as their rules read them. */
export async function campaignsRunningOn(manager: EntityManager, date: string): Promise<CampaignDefinition[]> {
  const kept = keptList(manager, date);
  if (kept) return kept;
  // Read in the caller's transaction (a second pooled connection could wait on a full pool), whose
  // snapshot is no older than its start. Other syncs share the answer, so the caller's queued
  // writes go first, on their own: their failure is the caller's alone.
  await sendQueued(manager);
  const keptMeanwhile = keptList(manager, date);
  if (keptMeanwhile) return keptMeanwhile;
  const byDate = listsOf(manager);
  const campaigns = activeCampaignsOn(manager, date).then((rows) => rows.map(definitionOf));
  byDate.clear();
  byDate.set(date, { until: Date.now() + RUNNING_CAMPAIGNS_TTL_MS, campaigns });
  campaigns.catch(() => byDate.delete(date));
  return campaigns;
}

function listsOf(manager: EntityManager): Map<string, { until: number; campaigns: Promise<CampaignDefinition[]> }> {
  let byDate = lists.get(manager.connection);
  if (!byDate) {
    byDate = new Map();
    lists.set(manager.connection, byDate);
  }
  return byDate;
}

function keptList(manager: EntityManager, date: string): Promise<CampaignDefinition[]> | null {
  const kept = listsOf(manager).get(date);
  return kept && kept.until > Date.now() ? kept.campaigns : null;
}

/** Drops the kept lists after an edit of campaigns committed, so this process's next sync reads them again. */
export function forgetRunningCampaigns(dataSource: DataSource): void {
  lists.get(dataSource)?.clear();
}
