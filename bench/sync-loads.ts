import type autocannon from 'autocannon';
import type { SlicedLoad } from './interleave.js';

/** What both sides of the sync comparison need: the BFF's signed payloads and sessions, the baseline's users, one count per user. */
export interface SyncTargets {
  bffUrl: string;
  baselineUrl: string;
  date: string;
  /** Per seeded user (same index on both sides): the BFF's request body and Authorization header, the baseline's user id, the step count. */
  payloads: string[];
  bearer: string[];
  baselineIds: number[];
  counts: number[];
}

/**
 * Each user's first sync of the day, for users first … first + amount - 1, on the BFF and on the
 * bare-mysql2 baseline (the same coins, as the step rules give them), as two loads to run in turns.
 */
export function syncLoads(targets: SyncTargets, first: number, amount: number, label: string): SlicedLoad[] {
  let next = 0;
  let baseNext = 0;
  return [
    {
      name: `POST /api/v1/steps/sync (${label})`,
      amount,
      options: {
        url: `${targets.bffUrl}/api/v1/steps/sync`,
        requests: [
          {
            method: 'POST',
            setupRequest: (request: autocannon.Request) => {
              const index = first + (next++ % amount);
              return { ...request, method: 'POST', body: targets.payloads[index], headers: { 'content-type': 'application/json', authorization: targets.bearer[index] } };
            },
          },
        ],
      },
    },
    {
      name: `bare mysql2: one sync's writes${label.startsWith('warm') ? ` (${label})` : ''}`,
      amount,
      options: {
        url: targets.baselineUrl,
        requests: [
          {
            method: 'POST',
            setupRequest: (request: autocannon.Request) => {
              const index = first + (baseNext++ % amount);
              const coins = Math.min(Math.floor((targets.counts[index] * 60 * 5) / 10_000), 600);
              return { ...request, method: 'POST', body: JSON.stringify({ userId: targets.baselineIds[index], date: targets.date, steps: targets.counts[index], coins }) };
            },
          },
        ],
      },
    },
  ];
}
