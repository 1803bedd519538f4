// Bundles the BFF and its workspace packages into one ES module (bff/dist/main.js). Third-party
// packages stay external and load from node_modules; the bundle runs on plain Node, without a
// TypeScript loader, which keeps start-up fast and memory low.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

const manifests = ['../package.json', './package.json', '../shared/package.json', '../config/package.json'].map((path) =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')),
);
const external = [
  ...new Set(manifests.flatMap((manifest) => Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }))),
  // zod is bundled, so that its message locales can be left out (below).
].filter((name) => !name.startsWith('@calorie-bank/') && name !== 'zod');

/**
 * zod's namespace exports every message locale (about 0.5 MB of source text that V8 keeps for
 * the process's life); the BFF answers in its own words and only zod's default English is used.
 */
const englishZodOnly = {
  name: 'english-zod-only',
  setup(build) {
    build.onLoad({ filter: /[/\\]zod[/\\]v4[/\\]locales[/\\]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
    }));
  },
};

/** Where the bundle goes, under bff/: `dist` unless BFF_DIST names another folder (a test builds its own). */
const dist = new URL(`./${process.env.BFF_DIST ?? 'dist'}/`, import.meta.url);

await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: new URL('main.js', dist).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  charset: 'ascii',
  plugins: [englishZodOnly],
  // Evaluated before every other import: TypeORM and bullmq must find the stand-ins of src/unused-modules.mjs.
  banner: { js: "import './unused-modules.mjs';" },
  external,
  logLevel: 'warning',
});

// V8 keeps a module's source text for the process's life, and one character past Latin-1 (a `…`
// in a comment, which `charset: 'ascii'` leaves as it is) would store the whole bundle at two
// bytes a character. Escaping those in comments changes no code.
const bundle = new URL('main.js', dist);
writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
copyFileSync(new URL('./src/unused-modules.mjs', import.meta.url), new URL('unused-modules.mjs', dist));
