import { SANDBOX_USER_PREFIX, STORAGE_KEYS } from '../../config/storage-keys';
import { StepAccessError, type PlatformBridge } from './types';

declare const API_BASE: string;

const { sandboxUser: USER_KEY, sandboxSteps: STEPS_KEY, sandboxForge: FORGE_KEY } = STORAGE_KEYS;

/**
 * In a browser there is no super-app, so the BFF's sandbox open platform plays it: it hands out
 * auth codes and signs step data in the real Alipay format. The simulated phone's step count,
 * the sandbox user and an optional forgery are set from the sandbox panel on the home page.
 */
export const sandboxSettings = {
  /** The sandbox user; index.html's early-session script (config/early-session.ts) makes a new one the same way. */
  user(): string {
    let user = localStorage.getItem(USER_KEY);
    if (!user) {
      user = `${SANDBOX_USER_PREFIX}${Math.random().toString(36).slice(2, 10)}`;
      localStorage.setItem(USER_KEY, user);
    }
    return user;
  },
  setUser(user: string): void {
    localStorage.setItem(USER_KEY, user);
  },
  steps(): number {
    return Number(localStorage.getItem(STEPS_KEY) ?? 8000);
  },
  setSteps(steps: number): void {
    localStorage.setItem(STEPS_KEY, String(steps));
  },
  forge(): string {
    return localStorage.getItem(FORGE_KEY) ?? 'none';
  },
  setForge(forge: string): void {
    localStorage.setItem(FORGE_KEY, forge);
  },
};

async function sandbox<T>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/sandbox${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new StepAccessError('network', String(error));
  }
  if (!response.ok) throw new StepAccessError('unknown', `sandbox answered ${response.status}`);
  return (await response.json()) as T;
}

export const h5Bridge: PlatformBridge = {
  name: 'h5',
  loginCredential: async () => {
    const { authCode } = await sandbox<{ authCode: string }>('/alipay/auth-code', { user: sandboxSettings.user() });
    return { authCode };
  },
  stepData: async (countDate) => {
    const { response } = await sandbox<{ response: string }>('/alipay/run-data', {
      countDate,
      count: String(sandboxSettings.steps()),
      forge: sandboxSettings.forge(),
    });
    return { countDate, response };
  },
  scanCode: async () => {
    const code = window.prompt('输入券码 / Enter the code');
    if (!code) throw new Error('cancelled');
    return code;
  },
  // A browser has no scanner to open: the console offers typing the code instead.
  canScan: false,
};
