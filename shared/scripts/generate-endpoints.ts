import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEndpointTable } from '../src/client/render-endpoints.js';

const target = fileURLToPath(new URL('../src/client/endpoints.ts', import.meta.url));
writeFileSync(target, renderEndpointTable());
process.stdout.write(`wrote ${target}\n`);
