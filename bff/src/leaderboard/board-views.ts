import type { BoardKeys, BoardScripts, RedisClient, ViewReply } from './board-scripts.js';
import { memberFor } from './score.js';

/** Readers of one board answered by one script call at most: each call stays short for Redis. */
const MOST_READERS_PER_CALL = 64;

interface Reader {
  userId: string;
  resolve: (view: ViewReply | null) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  keys: BoardKeys;
  readers: Reader[];
}

/**
 * The readers' own places on a board, read for all who ask within one turn of the event loop
 * with one script call per board (VIEWS_SCRIPT) rather than one each: a busy board's readers
 * arrive together, and each call costs the BFF a command, its promises and a reply to decode,
 * and Redis a script run. Every reader of a call sees the board at the same moment, as one
 * reader alone would; a failed call fails each of its readers, as their own calls would have.
 */
export class BoardViews {
  private batches = new Map<string, Batch>();
  private scheduled = false;

  constructor(private readonly redis: RedisClient & BoardScripts) {}

  /** `userId`'s view of the board, from VIEWS_SCRIPT: null when the board is not built. */
  view(keys: BoardKeys, userId: string): Promise<ViewReply | null> {
    let batch = this.batches.get(keys.board);
    if (!batch) {
      batch = { keys, readers: [] };
      this.batches.set(keys.board, batch);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    const readers = batch.readers;
    return new Promise((resolve, reject) => readers.push({ userId, resolve, reject }));
  }

  private flush(): void {
    const batches = this.batches;
    this.batches = new Map();
    this.scheduled = false;
    for (const { keys, readers } of batches.values()) {
      for (let from = 0; from < readers.length; from += MOST_READERS_PER_CALL) this.read(keys, readers.slice(from, from + MOST_READERS_PER_CALL));
    }
  }

  private read(keys: BoardKeys, readers: Reader[]): void {
    const keysThenArgs = [keys.board, keys.likes, keys.version];
    for (const reader of readers) keysThenArgs.push(keys.writer(reader.userId));
    for (const reader of readers) keysThenArgs.push(memberFor(reader.userId), reader.userId);
    let call: Promise<(string | number)[] | null>;
    try {
      call = this.redis.boardViews(3 + readers.length, ...keysThenArgs);
    } catch (error) {
      // Run from setImmediate: a throw here would reach no reader and leave them all waiting.
      for (const reader of readers) reader.reject(error);
      return;
    }
    call.then(
      (reply) => {
        if (!reply) {
          for (const reader of readers) reader.resolve(null);
          return;
        }
        const version = String(reply[0]);
        const ready = Number(reply[1]);
        readers.forEach((reader, index) => {
          const at = 2 + index * 5;
          reader.resolve([version, Number(reply[at]), String(reply[at + 1]), ready, String(reply[at + 2]), String(reply[at + 3]), String(reply[at + 4])]);
        });
      },
      (error: unknown) => {
        for (const reader of readers) reader.reject(error);
      },
    );
  }
}
