import type { ServiceContext } from '../services/context.js';
import { closeOverdueVisits } from '../services/visits.js';

/** How often each process looks for visits left open past their longest stay. */
export const OVERDUE_VISIT_SWEEP_MS = 60_000;

export interface OverdueVisitSweeper {
  close(): Promise<void>;
}

/**
 * A light timer in every process: closing a visit locks its user row and checks that it is still
 * open, so processes sweeping at once close each visit once, and a missed sweep is caught up by
 * the next. No queue is needed for a job that is cheap when there is nothing to do.
 */
export function startOverdueVisitSweeper(context: ServiceContext): OverdueVisitSweeper {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = closeOverdueVisits(context)
      .then((closed) => (closed > 0 ? context.logger.info({ closed }, 'closed visits left open past their longest stay') : undefined))
      .catch((error: unknown) => context.logger.warn({ err: error }, 'closing overdue visits failed; the next sweep tries again'));
  }, OVERDUE_VISIT_SWEEP_MS);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
