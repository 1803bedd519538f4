import { buildMiniapp } from './support/miniapp-build.js';

/**
 * Builds the mini-program for each target once, before any test file runs (and only if a source
 * changed since the last build): the build and browser tests read the outputs, and two builds of
 * one target at the same time would write over each other.
 */
export default function setup(): void {
  for (const target of ['alipay', 'weapp', 'h5'] as const) buildMiniapp(target);
}
