import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { SERVICES_REQUIRED } from './services.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Debian's Chromium is installed; with REQUIRE_SERVICES=1 its absence fails the run. */
export function chromiumAvailable(): boolean {
  const found = existsSync(CHROMIUM);
  if (!found && SERVICES_REQUIRED) throw new Error(`REQUIRE_SERVICES=1 but there is no browser at ${CHROMIUM}`);
  return found;
}

/** Headless Chromium with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
