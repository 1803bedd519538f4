/**
 * Gate throughput for `npm run bench`: enter + exit pairs per second through one walk-in
 * facility, each pair a fresh entry pass, the entry (which holds coins) and the exit (which
 * settles them), from `workers` users at once.
 */

type Api = (path: string, token: string | null, body?: unknown) => Promise<Record<string, any>>;

export interface GateRun {
  name: string;
  pairsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  pairs: number;
  /** Refused requests by error code (a refused exit is retried and counted each time). */
  failed: Record<string, number>;
}

/** An operator opens a venue with one large walk-in pool for the merchant and puts it live; answers the pool's id. */
export async function openBenchPool(api: Api, operator: string, merchant: string, merchantId: string): Promise<string> {
  const openingHours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));
  const { venue } = await api('/ops/venues', operator, { merchantId, name: 'Bench Pool', address: 'bench', openingHours });
  const { facility } = await api(`/merchant/venues/${venue.id}/facilities`, merchant, {
    name: 'pool', activity: 'swimming', kind: 'walk_in', capacity: 10_000, longestStayMinutes: 120, pricePerPeriod: 1, cancelDeadlineMinutes: null,
  });
  await api(`/merchant/venues/${venue.id}/submit`, merchant, {});
  await api(`/ops/venues/${venue.id}/approve`, operator, {});
  return facility.id as string;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** Runs `workers` users through the gate for `seconds`, each user one pair after another. */
export async function measureGate(api: Api, input: { merchant: string; facilityId: string; userTokens: string[]; workers: number; seconds: number }): Promise<GateRun> {
  const deadline = Date.now() + input.seconds * 1000;
  const latencies: number[] = [];
  const failed: Record<string, number> = {};
  const fail = (answer: Record<string, any>) => {
    const code = String(answer.error?.code ?? 'NO_ANSWER');
    failed[code] = (failed[code] ?? 0) + 1;
  };
  const started = Date.now();
  await Promise.all(
    input.userTokens.slice(0, input.workers).map(async (token) => {
      while (Date.now() < deadline) {
        const begin = Date.now();
        const { code } = await api('/visits/pass', token, {});
        const entered = await api('/merchant/gate/enter', input.merchant, { facilityId: input.facilityId, code });
        if (!entered.visit) {
          fail(entered);
          continue;
        }
        // An exit refused for load is retried (it charges once however often it is sent), so one
        // refusal does not leave the worker's user inside for the rest of the run.
        let left = await api('/merchant/gate/exit', input.merchant, { visitId: entered.visit.id });
        for (let retry = 0; !left.visit && retry < 5; retry += 1) {
          fail(left);
          left = await api('/merchant/gate/exit', input.merchant, { visitId: entered.visit.id });
        }
        if (left.visit) latencies.push(Date.now() - begin);
        else fail(left);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name: `gate: pass + enter + exit on one facility (${input.workers} users at once)`,
    pairsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    pairs: latencies.length,
    failed,
  };
}
