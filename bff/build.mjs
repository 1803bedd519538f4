// Bundles the BFF and its workspace packages into one ES module (bff/dist/main.js). Third-party
// packages stay external and load from node_modules; the bundle runs on plain Node, without a
// TypeScript loader, which keeps start-up fast and memory low.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const manifests = ['../package.json', './package.json', '../shared/package.json', '../config/package.json'].map((path) =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')),
);
const external = [
  ...new Set(manifests.flatMap((manifest) => Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }))),
].filter((name) => !name.startsWith('@calorie-bank/'));

await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: new URL('./dist/main.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
