import { buildMiniapp } from './support/miniapp-build.js';

/**
 * Builds the mini-program for each target once, before any test file runs (and only if a source
 * changed since the last build): the build and browser tests read the outputs, and two builds of
 * one target at the same time would write over each other. `MINIAPP_BUILD=0` skips it for a run of
 * API tests alone while the mini-program's sources are being edited; CI never sets it.
 */
export default function setup(): void {
  if (process.env.MINIAPP_BUILD === '0') return;
  for (const target of ['alipay', 'weapp', 'h5'] as const) buildMiniapp(target);
}
