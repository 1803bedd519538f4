import { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { venuesApi, type Visit } from './api';

/** How often the pass page asks for the latest visit: a scan at the gate shows within a few seconds. */
export const VISIT_POLL_MS = 3_000;

/** What a scan at the gate changes: a new visit opened (a new id), or the open one closed (its status). */
const markOf = (visit: Visit | null) => (visit ? `${visit.id}:${visit.status}` : '');

/**
 * The user's newest visit (null before the first; undefined until first read), read again every
 * few seconds while the page is shown and not at all while it is hidden. One read is in flight at
 * a time, the next asked only once it has answered. `onScanned` is called, while the page is shown,
 * when a read finds a visit opened or closed since the read before it: the gate has used the code.
 */
export function useLatestVisit(onScanned: (visit: Visit | null) => void): Visit | null | undefined {
  const [visit, setVisit] = useState<Visit | null | undefined>(undefined);
  const shown = useRef(true);
  const mounted = useRef(true);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastMark = useRef<string | null>(null);
  const scanned = useRef(onScanned);
  scanned.current = onScanned;

  const stop = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  const poll = useCallback(async () => {
    if (inFlight.current || !shown.current) return;
    stop();
    inFlight.current = true;
    try {
      const latest = (await venuesApi.visits(null, 1)).items[0] ?? null;
      if (!mounted.current) return;
      const mark = markOf(latest);
      const changed = lastMark.current !== null && lastMark.current !== mark;
      lastMark.current = mark;
      setVisit(latest);
      // Hidden, the pass renews its code as the page is shown again anyway.
      if (changed && shown.current) scanned.current(latest);
    } catch {
      // A failed read is not shown: the page keeps the visit it had, and the next read is asked as usual.
    } finally {
      inFlight.current = false;
      if (mounted.current && shown.current) timer.current = setTimeout(() => void poll(), VISIT_POLL_MS);
    }
  }, []);

  useEffect(() => {
    mounted.current = true;
    shown.current = true;
    void poll();
    return () => {
      mounted.current = false;
      shown.current = false;
      stop();
    };
  }, [poll]);

  useDidShow(() => {
    if (shown.current) return;
    shown.current = true;
    void poll();
  });
  useDidHide(() => {
    shown.current = false;
    stop();
  });

  return visit;
}
