import { useCallback, useEffect, useRef, useState } from 'react';

export interface Action<A extends unknown[]> {
  /** Runs the action unless a run of it is still going; a call while it runs is dropped. */
  run: (...args: A) => Promise<void>;
  /** True from the start of a run until it settles: for the button's look and label. */
  running: boolean;
}

/**
 * "Run this once at a time" for a button or a form. The guard is a ref set synchronously, so a
 * second tap in the same frame (before React has re-rendered the button as disabled, or on a
 * platform where a disabled button still fires) is dropped in code and sends no second request.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown> | unknown): Action<A> {
  const busy = useRef(false);
  const latest = useRef(action);
  latest.current = action;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const [running, setRunning] = useState(false);
  const run = useCallback(async (...args: A) => {
    if (busy.current) return;
    busy.current = true;
    setRunning(true);
    try {
      await latest.current(...args);
    } finally {
      busy.current = false;
      if (mounted.current) setRunning(false);
    }
  }, []);
  return { run, running };
}
