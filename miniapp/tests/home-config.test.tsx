import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, startServer, type RunningServer } from '@calorie-bank/bff';
import { loadConfig } from '@calorie-bank/config';

/** 22:00 on 15 June in Berlin, when it is already the 16th in Shanghai. */
const NOW = new Date('2026-06-15T20:00:00Z');

/** Taro whose requests go over HTTP to the BFF at `API_BASE`, with storage in a map. */
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) =>
  (await import('./fake-taro')).fakeTaro(await importOriginal(), storage, async (options: { url: string; method: string; data?: unknown; header: Record<string, string> }) => {
    const response = await fetch(options.url, {
      method: options.method,
      headers: options.header,
      body: options.data === undefined ? undefined : JSON.stringify(options.data),
    });
    return { statusCode: response.status, data: await response.json(), header: {}, errMsg: 'request:ok' };
  }),
);

const { default: Home } = await import('../src/pages/index/index');

describe('home page against a BFF in Berlin with a 300-coin cap', () => {
  let bff: RunningServer;

  beforeAll(async () => {
    vi.setSystemTime(NOW);
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: 'sqlite::memory:',
      PLATFORM_SANDBOX: '1',
      DEMO_DATA: '0',
      DAY_END_SETTLEMENT: '0',
      LOG_LEVEL: 'silent',
      BUSINESS_TZ: 'Europe/Berlin',
      DAILY_COIN_CAP: '300',
    });
    bff = await startServer(config, { logger: createLogger(config.logLevel), now: () => NOW });
    Object.assign(globalThis, { API_BASE: bff.url });
  });
  afterAll(async () => {
    Object.assign(globalThis, { API_BASE: '' });
    vi.useRealTimers();
    await bff?.close();
  });

  it("shows the BFF's cap on the ring and in the preview, and syncs the day that is today in the BFF's zone", async () => {
    localStorage.setItem('cb.sandbox.steps', '12000');
    render(<Home />);
    // 12,000 steps are 360 kcal at 60 kg: the default cap would pay 360, this deployment's pays 300.
    await waitFor(() => expect(screen.getByTestId('coin-ring-label').textContent).toBe('每日上限 300'), { timeout: 10_000 });
    expect(screen.getByTestId('preview').textContent).toBe('同步后预计可得 300 金币');

    // The sandbox signs the day the page asks for; Shanghai's 16 June would be tomorrow in Berlin and refused.
    await act(async () => fireEvent.click(screen.getByTestId('sync')));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('到账 300 金币'), { timeout: 10_000 });
    expect(screen.getByTestId('coin-ring-value').textContent).toBe('300');
    expect(screen.getByTestId('balance').textContent).toBe('300');
  });
});
