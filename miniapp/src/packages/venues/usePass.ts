import { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { venuesApi, type EntryPass, type Visit } from './api';
import { useLatestVisit } from './useLatestVisit';

/** The contract's longest pass life; a computed life beyond it means the phone's clock is off. */
const LONGEST_PASS_MS = 120_000;
/** Used when a pass's times make no sense (an older BFF without `issuedAt` and a phone clock that disagrees): shorter than any pass the BFF gives out. */
const FALLBACK_PASS_MS = 45_000;
/** A new code is fetched this long before the old one expires, so the gate never scans a dead one. */
const REFRESH_BEFORE_MS = 10_000;
const TICK_MS = 250;

/** Elapsed time that does not jump with the wall clock (set by the user or the network). */
const monotonic = () => (typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now());

/**
 * How long a pass lives: from the BFF's own `issuedAt` and `expiresAt`, both by the server's clock,
 * so a phone whose clock is off still renews in time. Without `issuedAt` (an older BFF) the phone's
 * clock stands in; a life that makes no sense (expired on arrival, longer than the contract allows)
 * falls back to a short one.
 */
export function passLifetimeMs(pass: { issuedAt?: string; expiresAt: string }, phoneNow = Date.now()): number {
  const from = pass.issuedAt !== undefined ? Date.parse(pass.issuedAt) : phoneNow;
  const life = Date.parse(pass.expiresAt) - from;
  return Number.isFinite(life) && life > REFRESH_BEFORE_MS && life <= LONGEST_PASS_MS ? life : FALLBACK_PASS_MS;
}

export interface PassState {
  pass: EntryPass | null;
  /** Seconds until the code is swapped for a new one. */
  secondsLeft: number;
  /** Share of the code's life still ahead, 0–1, for the bar. */
  share: number;
  refreshing: boolean;
  error: unknown;
  /** True once the shown code may have expired (a refresh failed): it is shown faded. */
  stale: boolean;
  refresh: () => Promise<void>;
  /** The user's newest visit, kept current while the page is shown; undefined until first read. */
  visit: Visit | null | undefined;
}

/**
 * A short-lived entry pass that renews itself before it expires while the page is shown, and
 * stops renewing while it is hidden (a code nobody sees needs no renewal). It also renews as soon
 * as the gate has used it: the latest visit is watched, and a visit opened (entry) or closed (exit)
 * means the code on screen is spent, and the next scan, on the way out or in again, needs a new one.
 */
export function useEntryPass(): PassState {
  const [pass, setPass] = useState<EntryPass | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [now, setNow] = useState(monotonic());
  const issued = useRef<{ at: number; life: number } | null>(null);
  const inFlight = useRef(false);
  const visible = useRef(true);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setRefreshing(true);
    // The life is counted from when the request left, so the time it took comes off the code's life, never on top.
    const asked = monotonic();
    try {
      const next = await venuesApi.pass();
      issued.current = { at: asked, life: passLifetimeMs(next) };
      setPass(next);
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      inFlight.current = false;
      setRefreshing(false);
      setNow(monotonic());
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => setNow(monotonic()), TICK_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  // A renewal in flight is not asked again: the code it brings is new, so unused, anyway.
  const visit = useLatestVisit(() => void refresh());

  useDidShow(() => {
    if (visible.current) return;
    visible.current = true;
    void refresh();
  });
  useDidHide(() => {
    visible.current = false;
  });

  const life = issued.current?.life ?? FALLBACK_PASS_MS;
  const age = issued.current ? now - issued.current.at : 0;
  const untilRefresh = life - REFRESH_BEFORE_MS - age;
  useEffect(() => {
    // A failed renewal is retried only by hand: retrying on every tick would hammer the BFF.
    if (issued.current && untilRefresh <= 0 && visible.current && !inFlight.current && !error) void refresh();
  }, [untilRefresh <= 0, error, refresh]);

  return {
    pass,
    secondsLeft: Math.max(0, Math.ceil(untilRefresh / 1000)),
    share: Math.max(0, Math.min(1, (life - age) / life)),
    refreshing,
    error,
    stale: issued.current !== null && age >= life,
    refresh,
    visit,
  };
}
