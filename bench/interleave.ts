import autocannon from 'autocannon';

/**
 * autocannon's sample interval for runs of a set `amount`: it ends such a run at its next sample
 * tick after the last answer (once a second by default), so a slice of 1.1 s measured 2 s;
 * ticking every 10 ms ends it within 10 ms.
 */
export const SLICE_SAMPLE_MS = 10;

/** One load's figures over all its slices. */
export interface SlicedRun {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/**
 * Runs several loads in interleaved slices (A B A B …), each slice `amount / slices` requests,
 * so that each load meets the same share of whatever else the machine does: on a shared machine
 * a run a minute later is measured on another machine. Rates are over the slices' wall time;
 * p50 is the slices' median, p99 the worst slice's.
 */
export async function interleavedRuns(
  connections: number,
  slices: number,
  loads: { name: string; amount: number; options: Omit<autocannon.Options, 'amount' | 'connections'> }[],
): Promise<SlicedRun[]> {
  const tallies = loads.map(() => ({ seconds: 0, requests: 0, non2xx: 0, errors: 0, p50: [] as number[], p99: [] as number[] }));
  for (let slice = 0; slice < slices; slice += 1) {
    for (const [index, load] of loads.entries()) {
      process.stdout.write(`[bench] measuring ${load.name} (slice ${slice + 1} of ${slices})\n`);
      const started = Date.now();
      const result = await autocannon({ ...load.options, connections, amount: Math.ceil(load.amount / slices), sampleInt: SLICE_SAMPLE_MS } as autocannon.Options);
      const tally = tallies[index];
      tally.seconds += (Date.now() - started) / 1000;
      tally.requests += result.requests.total;
      tally.non2xx += result.non2xx;
      tally.errors += result.errors;
      tally.p50.push(result.latency.p50);
      tally.p99.push(result.latency.p99);
    }
  }
  return loads.map((load, index) => {
    const tally = tallies[index];
    const p50 = [...tally.p50].sort((a, b) => a - b);
    return {
      name: load.name,
      requestsPerSecond: Math.round(tally.requests / tally.seconds),
      p50Ms: p50[Math.floor(p50.length / 2)],
      p99Ms: Math.max(...tally.p99),
      requests: tally.requests,
      non2xx: tally.non2xx,
      errors: tally.errors,
    };
  });
}
