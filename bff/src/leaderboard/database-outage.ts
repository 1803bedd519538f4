import { storageFault } from '../db/faults.js';

/** Whether `error` means the database did not answer (down, too slow, too contended), rather than a mistake. */
export function isDatabaseFault(error: unknown): boolean {
  return storageFault(error)?.store === 'database';
}

/** How long after a failed read of the database a board's extras stop asking it. */
export const OUTAGE_MEMO_MS = 5_000;

/**
 * Remembers that a read of the database for a board's extras (nicknames, fan-member badges) just
 * failed because the database is out or too slow. While it is recent, those extras come from what
 * was last read instead of another wait of the whole database bound: a board read that Redis can
 * answer then answers at once, and one read never waits twice for a database that is not answering.
 */
export class DatabaseOutage {
  private until = 0;

  /** Notes `error` if it means the database did not answer. */
  note(error: unknown): void {
    if (isDatabaseFault(error)) this.until = Date.now() + OUTAGE_MEMO_MS;
  }

  get recent(): boolean {
    return this.until > Date.now();
  }
}
