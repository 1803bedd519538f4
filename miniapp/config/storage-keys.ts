/**
 * Names of what the mini-program keeps in the platform's storage. index.html's early-session
 * script (H5, see config/early-session.ts) reads the same entries before the app's code runs.
 */
export const STORAGE_KEYS = {
  /** The user's session token (Taro storage: `{"data": token}` in H5's localStorage). */
  token: 'cb.token',
  staffToken: 'cb.staff.token',
  staffRole: 'cb.staff.role',
  /** Set by a sign-out, so no request signs the user straight back in; an explicit sign-in clears it. */
  signedOut: 'cb.signedOut',
  /** H5's sandbox: the simulated super-app user, its phone's steps and an optional forgery (plain localStorage). */
  sandboxUser: 'cb.sandbox.user',
  sandboxSteps: 'cb.sandbox.steps',
  sandboxForge: 'cb.sandbox.forge',
} as const;

/** The window property through which index.html hands the session request it started to the app. */
export const EARLY_SESSION_GLOBAL = '__calorieBankEarlySession';

/** A new sandbox user's name, as the H5 sandbox panel shows it. */
export const SANDBOX_USER_PREFIX = 'h5-';
