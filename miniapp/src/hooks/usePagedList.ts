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
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Kept in a ref, not in state, because state changes only with the next render: two calls in one
  // turn (the first page on mount and a scroll to the bottom, say) must not fetch the same page twice.
  // A reset starts a new generation and always fetches; what an older load brings back is dropped,
  // so a list read again after a change never keeps the rows from before it.
  const progress = useRef({ cursor: null as string | null, done: false, inFlight: false, generation: 0 });

  async function load(reset = false) {
    const state = progress.current;
    if (!reset && (state.inFlight || state.done)) return;
    if (reset) state.generation += 1;
    const generation = state.generation;
    const current = () => generation === state.generation;
    state.inFlight = true;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchPage(reset ? null : state.cursor);
      if (!current()) return;
      state.cursor = page.nextCursor;
      state.done = page.nextCursor === null;
      setItems((previous) => (reset ? page.items : [...previous, ...page.items]));
      setDone(state.done);
    } catch (caught) {
      if (current()) setError(caught);
    } finally {
      if (current()) {
        state.inFlight = false;
        setLoading(false);
      }
    }
  }

  useEffect(() => {
    void load(true);
    // The first page loads once, on mount; later pages follow the scroll.
  }, []);

  return { items, loading, error, done, load };
}
