import { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { venuesApi, type EntryPass } from './api';

/** The contract's longest pass life; a computed life beyond it means the phone's clock is off. */
const LONGEST_PASS_MS = 120_000;
/** Used when the phone's clock disagrees with the BFF's: shorter than any pass the BFF gives out. */
const FALLBACK_PASS_MS = 45_000;
/** A new code is fetched this long before the old one expires, so the gate never scans a dead one. */
const REFRESH_BEFORE_MS = 10_000;
const TICK_MS = 250;

/** Elapsed time that does not jump with the wall clock (set by the user or the network). */
const monotonic = () => (typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now());

/**
 * How long a pass lives, as far as this phone can tell: from its expiry and the phone's clock,
 * unless the two disagree (expired on arrival, or longer than the contract allows).
 */
export function passLifetimeMs(expiresAt: string, now = Date.now()): number {
  const life = Date.parse(expiresAt) - now;
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
}

/**
 * A short-lived entry pass that renews itself before it expires while the page is shown, and
 * stops renewing while it is hidden (a code nobody sees needs no renewal).
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
    try {
      const next = await venuesApi.pass();
      issued.current = { at: monotonic(), life: passLifetimeMs(next.expiresAt) };
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
  };
}
