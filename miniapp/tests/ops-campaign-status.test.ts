import { describe, expect, it } from 'vitest';
import { statusOn } from '../src/packages/ops/sections/Campaigns';

describe("a campaign's badge", () => {
  const campaign = { status: 'active' as const, startDate: '2026-12-02', endDate: '2026-12-05' };

  it('says an active campaign has not started before its first day, runs through its last, and is past its dates after', () => {
    expect(statusOn(campaign, '2026-12-01')).toBe('upcoming');
    expect(statusOn(campaign, '2026-12-02')).toBe('active');
    expect(statusOn(campaign, '2026-12-05')).toBe('active');
    expect(statusOn(campaign, '2026-12-06')).toBe('over');
  });

  it('says paused and ended whatever the dates', () => {
    expect(statusOn({ ...campaign, status: 'paused' as const }, '2026-12-01')).toBe('paused');
    expect(statusOn({ ...campaign, status: 'ended' as const }, '2026-12-03')).toBe('ended');
  });
});
