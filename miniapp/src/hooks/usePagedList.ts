import { useEffect, useRef, useState } from 'react';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  /** True once the last page has arrived. */
  done: boolean;
  /** Loads the next page; with `reset`, starts again from the first. */
  load: (reset?: boolean) => Promise<void>;
}

/** A cursor-paginated list: the first page on mount, the next ones on demand (an infinite scroll). */
export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Set at once, where `loading` only changes with the next render: two calls in one turn (the first
  // page on mount and a scroll to the bottom, say) must not both fetch the same page.
  const inFlight = useRef(false);

  async function load(reset = false) {
    if (inFlight.current || (done && !reset)) return;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchPage(reset ? null : cursor);
      setItems((previous) => (reset ? page.items : [...previous, ...page.items]));
      setCursor(page.nextCursor);
      setDone(page.nextCursor === null);
    } catch (caught) {
      setError(caught);
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }

  useEffect(() => {
    void load(true);
    // The first page loads once, on mount; later pages follow the scroll.
  }, []);

  return { items, loading, error, done, load };
}
