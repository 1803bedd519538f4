/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. the BFF's under `BENCH_PROFILE=1 npm run bench`):
 * self time by package or file and by function, largest first.
 * `npx tsx bench/profile-summary.ts bench/profiles/<file>.cpuprofile [rows] [--who <function>] [--window <from>-<to>]`
 * (`--window`: only the samples taken that many seconds after the profile started, e.g. a load's
 * window as `bench/cpu.ts` prints it).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const OPTIONS = new Set(['--who', '--window']);
const [file, rowsArg] = process.argv.slice(2).filter((arg, index, all) => !OPTIONS.has(arg) && !OPTIONS.has(all[index - 1]));
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

const windowArg = process.argv.includes('--window') ? process.argv[process.argv.indexOf('--window') + 1] : '0-Infinity';
const [fromMicros, toMicros] = windowArg.split('-').map((seconds) => Number(seconds) * 1e6);

// Self time per node: each sample's delta belongs to the node sampled.
const selfMicros = new Map<number, number>();
let at = 0;
profile.samples.forEach((id, index) => {
  at += profile.timeDeltas[index] ?? 0;
  if (at >= fromMicros && at <= toMicros) selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);

/** Where a frame's code lives: a package under node_modules, a file of ours, node's own, or V8. */
function place(url: string): string {
  if (!url) return '(v8/native)';
  if (url.startsWith('node:')) return url;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return url.replace(/^file:\/\/.*?\/(bff|shared|config)\//, '$1/');
}

function tally(key: (node: ProfileNode) => string): [string, number][] {
  const sums = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const name = key(byId.get(id)!);
    sums.set(name, (sums.get(name) ?? 0) + micros);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, rows);
}

const show = (title: string, entries: [string, number][]) => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, micros] of entries) process.stdout.write(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
};
process.stdout.write(`${(total / 1000).toFixed(0)} ms sampled\n`);
show('self time by package / file', tally((node) => place(node.callFrame.url)));
show('self time by function', tally((node) => `${node.callFrame.functionName || '(anonymous)'}  ${place(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`));

// `--who <function>`: the call paths that lead to a function, by self time spent in it.
const whoIndex = process.argv.indexOf('--who');
if (whoIndex > 0) {
  const wanted = process.argv[whoIndex + 1];
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes as (ProfileNode & { children?: number[] })[]) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const paths = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName !== wanted) continue;
    const chain: string[] = [];
    for (let at = parentOf.get(id); at !== undefined && chain.length < 8; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame;
      chain.push(`${frame.functionName || '(anonymous)'}@${place(frame.url)}:${frame.lineNumber + 1}`);
    }
    const key = chain.join(' < ');
    paths.set(key, (paths.get(key) ?? 0) + micros);
  }
  show(`call paths into ${wanted}`, [...paths].sort((a, b) => b[1] - a[1]).slice(0, 8));
}
