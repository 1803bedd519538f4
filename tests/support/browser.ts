import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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

/**
 * A phone-sized page (or a desktop browser's, for the consoles) in a fresh context (its own
 * storage), in Chinese, on the server's test clock so that the browser's "today" is the server's.
 * Script errors go into `errors`; a refused request logs "Failed to load resource", which the
 * journeys cause on purpose, so that one is left out.
 */
export async function openPage(browser: Browser, at: Date, errors: string[], screen: 'phone' | 'desktop' = 'phone'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(
    screen === 'phone'
      ? { locale: 'zh-CN', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 }
      : { locale: 'zh-CN', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  );
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  await page.clock.setFixedTime(at);
  return { context, page };
}

/** Fills a console's staff sign-in form (merchant or operators' console) and submits it. */
export async function staffSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('[data-testid=staff-username] input').fill(username);
  await page.locator('[data-testid=staff-password] input').fill(password);
  await page.locator('[data-testid=staff-login]').click();
}

/**
 * Time one step of a browser journey may take: a step chains several page loads and polls of up
 * to 15 s each, and with the other test files on the same two cores the sum passes vitest's
 * 30 s default, so a slow step fails on its own poll's message rather than on the test timer.
 */
export const JOURNEY_STEP_TIMEOUT_MS = 90_000;
