import { LRUCache } from 'lru-cache';
import { READY } from './board-scripts.js';
import { stepsFromScore, userIdFromMember } from './score.js';

/** The top of a board is shared as one page of this many entries; a larger `limit` gets its own page. */
export const SHARED_PAGE_SIZE = 100;

/** An entry of a shared page, before the reader's own likes are marked on it. */
export interface PageEntry {
  rank: number;
  userId: string;
  nickname: string;
  steps: number;
  likes: number;
}

/**
 * The top of a board at one version, serialized once: each entry's JSON with `likedByMe` false
 * and true, so a reader's answer is joined from ready strings rather than built and stringified.
 */
export class TopPage {
  private plain: string[] = [];
  private liked: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly joined = new Map<number, Buffer>();
  private members = new Set<string>();
  /** When the fan-member badges were last read (0: never); see `badgesDue`. */
  private badgesAt = 0;
  private badgesLoading: Promise<void> | null = null;

  constructor(
    readonly version: number,
    readonly builtAt: number,
    readonly entries: PageEntry[],
  ) {
    entries.forEach((entry, position) => this.index.set(entry.userId, position));
    this.serializeEntries();
  }

  private serializeEntries(): void {
    const shown = this.entries.map((entry) => (this.members.has(entry.userId) ? { ...entry, member: true } : entry));
    this.plain = shown.map((entry) => JSON.stringify({ ...entry, likedByMe: false }));
    this.liked = shown.map((entry) => JSON.stringify({ ...entry, likedByMe: true }));
    this.joined.clear();
  }

  /** Whether the badges were read before `notBefore` or more than `ttlMs` ago. */
  badgesDue(now: number, ttlMs: number, notBefore: number): boolean {
    return this.badgesAt === 0 || this.badgesAt < notBefore || now - this.badgesAt >= ttlMs;
  }

  /**
   * Reads which of the page's users are fan members (one read at a time per page) and marks
   * their entries; the entries are serialized again only when the set changed.
   */
  refreshBadges(read: (userIds: string[]) => Promise<Set<string>>, now: number): Promise<void> {
    this.badgesLoading ??= read([...this.index.keys()])
      .then((members) => {
        this.badgesAt = now;
        const same = members.size === this.members.size && [...members].every((id) => this.members.has(id));
        if (same) return;
        this.members = members;
        this.serializeEntries();
      })
      .finally(() => {
        this.badgesLoading = null;
      });
    return this.badgesLoading;
  }

  /**
   * The first `limit` entries as a JSON array in UTF-8, marking those in `likedIds` (",a,b,") as
   * liked by the reader; kept as bytes so that most answers are copied, not encoded, per request.
   */
  entriesJson(limit: number, likedIds: string): Buffer {
    const count = Math.min(limit, this.plain.length);
    let marked: number[] | null = null;
    if (likedIds.length > 1) {
      for (const id of likedIds.split(',')) {
        const position = id ? this.index.get(id) : undefined;
        if (position !== undefined && position < count) (marked ??= []).push(position);
      }
    }
    if (marked === null) {
      let text = this.joined.get(count);
      if (text === undefined) {
        text = Buffer.from(`[${this.plain.slice(0, count).join(',')}]`);
        // A few limits are asked for all the time; keep those, not one copy per limit ever asked.
        if (this.joined.size < 8) this.joined.set(count, text);
      }
      return text;
    }
    const parts = this.plain.slice(0, count);
    for (const position of marked) parts[position] = this.liked[position];
    return Buffer.from(`[${parts.join(',')}]`);
  }

  /** The page as stored in Redis for other processes: "version\nbuiltAt\n[entries]". */
  serialize(): string {
    return `${this.version}\n${this.builtAt}\n${JSON.stringify(this.entries)}`;
  }

  static parse(stored: string): TopPage | null {
    const first = stored.indexOf('\n');
    const second = stored.indexOf('\n', first + 1);
    if (first < 0 || second < 0) return null;
    return new TopPage(Number(stored.slice(0, first)), Number(stored.slice(first + 1, second)), JSON.parse(stored.slice(second + 1)) as PageEntry[]);
  }
}

/** The top as the board script packs it ("member score likes …"), without the readiness marker. */
export function unpackTop(packed: string, limit: number): { userId: string; steps: number; likes: number }[] {
  const fields = packed.length > 0 ? packed.split(' ') : [];
  const top: { userId: string; steps: number; likes: number }[] = [];
  for (let index = 0; index + 2 < fields.length && top.length < limit; index += 3) {
    if (fields[index] === READY) continue;
    top.push({ userId: userIdFromMember(fields[index]), steps: stepsFromScore(Number(fields[index + 1])), likes: Number(fields[index + 2]) });
  }
  return top;
}

/**
 * Each process keeps the pages it read, by board and then page size. A page is reused while
 * Redis reports the same version; see SharedPages.page for the rest of the rule.
 */
export function pageCache(): LRUCache<string, Map<number, TopPage>> {
  return new LRUCache<string, Map<number, TopPage>>({ max: 500 });
}
