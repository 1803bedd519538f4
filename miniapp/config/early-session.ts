import { EARLY_SESSION_GLOBAL, SANDBOX_USER_PREFIX, STORAGE_KEYS } from './storage-keys';

/** What the script needs to know, written into it as JSON. */
export interface EarlySessionSettings {
  apiBase: string;
  tokenKey: string;
  signedOutKey: string;
  sandboxUserKey: string;
  sandboxUserPrefix: string;
  global: string;
}

/** One answer as the app's request layer reads it: status, JSON body (or null) and Retry-After. */
export interface EarlyReply {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/** The request the script started: a sign-in (no session kept) or `/me` with the kept session. */
export interface EarlySession {
  kind: 'login' | 'me';
  /** Resolves with the answer, or null when no answer came (the app then asks again itself). */
  reply: Promise<EarlyReply | null>;
}

/**
 * Runs in index.html, before the app's code has downloaded: on Home, it starts the session's
 * first request so that it travels while the scripts load and compile. Without a kept session
 * that is the sandbox super-app's auth code and then the sign-in; with one, `/me`. The session is
 * not stored here (only a new sandbox user's name, as src/platform/h5.ts makes it): the app takes
 * the answer (see src/api/early-session.ts), stores the session as any sign-in does, and asks
 * again itself if this came to nothing. The route test is app.tsx's. index.html carries this
 * function's text as the config loader compiles it, so it uses no module, import or closure.
 */
function startEarlySession(settings: EarlySessionSettings): void {
  const route = window.location.hash.replace(/^#\/?/, '').split('?')[0];
  if (route !== '' && route !== 'pages/index/index') return;
  const kept = (key: string): string => {
    try {
      const stored = window.localStorage.getItem(key);
      return stored ? String(JSON.parse(stored).data || '') : '';
    } catch {
      return '';
    }
  };
  if (kept(settings.signedOutKey)) return;
  const read = (response: Response): Promise<EarlyReply> =>
    response.json().then(
      (body: unknown) => ({ status: response.status, body, retryAfter: response.headers.get('retry-after') }),
      () => ({ status: response.status, body: null, retryAfter: response.headers.get('retry-after') }),
    );
  const json = { 'content-type': 'application/json' };
  const token = kept(settings.tokenKey);
  let session: { kind: 'login' | 'me'; reply: Promise<EarlyReply | null> };
  if (token) {
    session = { kind: 'me', reply: fetch(`${settings.apiBase}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then(read) };
  } else {
    let user = window.localStorage.getItem(settings.sandboxUserKey);
    if (!user) {
      user = settings.sandboxUserPrefix + Math.random().toString(36).slice(2, 10);
      window.localStorage.setItem(settings.sandboxUserKey, user);
    }
    const login = fetch(`${settings.apiBase}/sandbox/alipay/auth-code`, { method: 'POST', headers: json, body: JSON.stringify({ user }) })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`auth code: ${response.status}`))))
      .then((code: { authCode: string }) =>
        fetch(`${settings.apiBase}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ authCode: code.authCode }) }),
      )
      .then(read);
    session = { kind: 'login', reply: login };
  }
  session.reply = session.reply.catch(() => null);
  (window as unknown as Record<string, unknown>)[settings.global] = session;
}

/** The H5 build's settings: the same storage names and API base as the app's. */
export function earlySessionSettings(apiBase: string): EarlySessionSettings {
  return {
    apiBase,
    tokenKey: STORAGE_KEYS.token,
    signedOutKey: STORAGE_KEYS.signedOut,
    sandboxUserKey: STORAGE_KEYS.sandboxUser,
    sandboxUserPrefix: SANDBOX_USER_PREFIX,
    global: EARLY_SESSION_GLOBAL,
  };
}

/** The script's text for index.html; `<` in the settings is escaped, so no value can end the script element. */
export function earlySessionScript(settings: EarlySessionSettings): string {
  return `(${startEarlySession.toString()})(${JSON.stringify(settings).replace(/</g, '\\u003c')});`;
}
