import { writeFileSync } from 'node:fs';
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
  /** Over every answer of every slice. */
  p50Ms: number;
  p99Ms: number;
  /** The highest of the slices' own p99s: a slice of 2,000 answers has its p99 in its 20 slowest. */
  worstSliceP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** A load to run in slices: `amount` requests in all. */
export interface SlicedLoad {
  name: string;
  amount: number;
  options: Omit<autocannon.Options, 'amount' | 'connections'>;
}

/**
 * Runs several loads in interleaved slices (A B A B …), each slice `amount / slices` requests,
 * so that each load meets the same share of whatever else the machine does: on a shared machine
 * a run a minute later is measured on another machine. Rates are over the slices' wall time;
 * p50 and p99 over every 2xx answer (autocannon's own response times), with the worst slice's
 * p99 beside them. `dumpTo` names a file for each answer's load, slice, end time and latency.
 */
export async function interleavedRuns(
  connections: number,
  slices: number,
  loads: SlicedLoad[],
  dumpTo?: string,
): Promise<SlicedRun[]> {
  const tallies = loads.map(() => ({ seconds: 0, requests: 0, non2xx: 0, errors: 0, latencies: [] as number[], sliceP99: [] as number[] }));
  const dump: [string, number, number, number][] = [];
  const began = performance.now();
  for (let slice = 0; slice < slices; slice += 1) {
    for (const [index, load] of loads.entries()) {
      process.stdout.write(`[bench] measuring ${load.name} (slice ${slice + 1} of ${slices})\n`);
      const started = Date.now();
      const tally = tallies[index];
      const run = autocannon({ ...load.options, connections, amount: Math.ceil(load.amount / slices), sampleInt: SLICE_SAMPLE_MS } as autocannon.Options) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
      run.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
        // autocannon's own histogram (the slice's p99) holds the 2xx answers only; so do these.
        if (status < 200 || status > 299) return;
        tally.latencies.push(ms);
        if (dumpTo) dump.push([load.name, slice, Math.round(performance.now() - began), Number(ms.toFixed(2))]);
      });
      const result = await run;
      tally.seconds += (Date.now() - started) / 1000;
      tally.requests += result.requests.total;
      tally.non2xx += result.non2xx;
      tally.errors += result.errors;
      tally.sliceP99.push(result.latency.p99);
    }
  }
  if (dumpTo) writeFileSync(dumpTo, JSON.stringify(dump));
  return loads.map((load, index) => {
    const tally = tallies[index];
    const sorted = Float64Array.from(tally.latencies).sort();
    const at = (q: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]));
    return {
      name: load.name,
      requestsPerSecond: Math.round(tally.requests / tally.seconds),
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      worstSliceP99Ms: Math.max(...tally.sliceP99),
      requests: tally.requests,
      non2xx: tally.non2xx,
      errors: tally.errors,
    };
  });
}
