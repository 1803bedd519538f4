import type { EntityManager } from 'typeorm';
import type { ModerationAction, ModerationCase, PostAuthor, SensitiveWord, UserWarning, WordAction } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { bool, idOf, int, isoTime, json, type Raw } from './rows.js';
import { placeholders } from './sql.js';
import { execute, forUpdate, insertIgnore } from './transaction.js';

export type TargetType = 'post' | 'comment';

// Reports.

/** Records `reporterId`'s report of an item; false when they had reported it already. */
export async function addReport(
  manager: EntityManager,
  report: { targetType: TargetType; targetId: string; reporterId: string; reason: string; note: string | null },
  now: number,
): Promise<boolean> {
  const added = await execute(
    manager,
    `${insertIgnore(manager)} INTO content_reports (target_type, target_id, reporter_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    [report.targetType, report.targetId, report.reporterId, report.reason, report.note, now],
  );
  return added.affected > 0;
}

// The moderation queue: one case per item, reopened by a new report or a filtered word.

export async function openCase(
  manager: EntityManager,
  item: { targetType: TargetType; targetId: string; postId: string; communityId: string; matchedWords?: string[] },
  now: number,
): Promise<void> {
  const words = (item.matchedWords ?? []).join(',').slice(0, 512);
  await execute(
    manager,
    `${insertIgnore(manager)} INTO moderation_cases (target_type, target_id, post_id, community_id, status, reports, reasons, matched_words, opened_at, updated_at)
      VALUES (?, ?, ?, ?, 'open', 0, '', ?, ?, ?)`,
    [item.targetType, item.targetId, item.postId, item.communityId, words, now, now],
  );
  await manager.query(
    `UPDATE moderation_cases SET status = 'open', updated_at = ?, matched_words = CASE WHEN ? = '' THEN matched_words ELSE ? END
      WHERE target_type = ? AND target_id = ?`,
    [now, words, words, item.targetType, item.targetId],
  );
}

export interface CaseRecord {
  id: string;
  targetType: TargetType;
  targetId: string;
  postId: string;
  status: 'open' | 'closed';
}

/** Locks a case's row for an operator's action. */
export async function lockCase(manager: EntityManager, caseId: string): Promise<CaseRecord | null> {
  const rows: { id: Raw; target_type: TargetType; target_id: Raw; post_id: Raw; status: 'open' | 'closed' }[] = await manager.query(
    `SELECT id, target_type, target_id, post_id, status FROM moderation_cases WHERE id = ?${forUpdate(manager)}`,
    [caseId],
  );
  const row = rows[0];
  return row ? { id: idOf(row.id), targetType: row.target_type, targetId: idOf(row.target_id), postId: idOf(row.post_id), status: row.status } : null;
}

export async function closeCase(manager: EntityManager, caseId: string, action: ModerationAction, open: boolean, now: number): Promise<void> {
  await manager.query('UPDATE moderation_cases SET status = ?, last_action = ?, updated_at = ? WHERE id = ?', [open ? 'open' : 'closed', action, now, caseId]);
}

interface CaseRow {
  id: Raw;
  target_type: TargetType;
  target_id: Raw;
  post_id: Raw;
  community_id: Raw;
  status: 'open' | 'closed';
  matched_words: string;
  last_action: ModerationAction | null;
  opened_at: Raw;
  body: string | null;
  images: string | null;
  target_status: string | null;
  author_user_id: Raw | null;
  merchant_id: Raw | null;
  nickname: string | null;
  avatar_url: string | null;
  frozen: number | boolean | null;
  merchant_name: string | null;
  warnings: Raw;
}

const SELECT_CASES = `SELECT mc.id, mc.target_type, mc.target_id, mc.post_id, mc.community_id, mc.status, mc.matched_words, mc.last_action, mc.opened_at,
    COALESCE(cm.body, p.body) AS body, CASE WHEN mc.target_type = 'post' THEN p.images ELSE NULL END AS images,
    CASE WHEN mc.target_type = 'post' THEN p.status ELSE cm.status END AS target_status,
    CASE WHEN mc.target_type = 'post' THEN p.author_user_id ELSE cm.author_user_id END AS author_user_id,
    CASE WHEN mc.target_type = 'post' THEN p.merchant_id ELSE NULL END AS merchant_id,
    u.nickname, u.avatar_url, u.frozen, m.name AS merchant_name,
    (SELECT COUNT(*) FROM user_warnings w WHERE w.user_id = u.id) AS warnings
  FROM moderation_cases mc
  JOIN posts p ON p.id = mc.post_id
  LEFT JOIN post_comments cm ON mc.target_type = 'comment' AND cm.id = mc.target_id
  LEFT JOIN users u ON u.id = (CASE WHEN mc.target_type = 'post' THEN p.author_user_id ELSE cm.author_user_id END)
  LEFT JOIN merchants m ON mc.target_type = 'post' AND m.id = p.merchant_id`;

function toCase(row: CaseRow, reports: { count: number; reasons: string[] }): ModerationCase {
  const author: PostAuthor =
    row.merchant_id !== null
      ? { kind: 'merchant', id: idOf(row.merchant_id), name: row.merchant_name ?? '', avatarUrl: null }
      : { kind: 'user', id: idOf(row.author_user_id ?? 0), name: row.nickname ?? '', avatarUrl: row.avatar_url };
  return {
    id: idOf(row.id),
    targetType: row.target_type,
    targetId: idOf(row.target_id),
    postId: idOf(row.post_id),
    communityId: idOf(row.community_id),
    author,
    text: row.body ?? '',
    images: json<string[]>(row.images) ?? [],
    targetStatus: row.target_status ?? 'deleted',
    reports: reports.count,
    reasons: reports.reasons,
    matchedWords: row.matched_words ? row.matched_words.split(',') : [],
    authorWarnings: int(row.warnings),
    authorFrozen: row.frozen !== null && bool(row.frozen),
    status: row.status,
    lastAction: row.last_action,
    openedAt: isoTime(row.opened_at),
  };
}

/** The reports on each listed item: how many and for which reasons. */
async function reportsOf(manager: EntityManager, rows: CaseRow[]): Promise<Map<string, { count: number; reasons: string[] }>> {
  const found = new Map<string, { count: number; reasons: string[] }>();
  if (rows.length === 0) return found;
  const keys = rows.map((row) => `${row.target_type}:${idOf(row.target_id)}`);
  const lines: { target_type: string; target_id: Raw; reason: string; n: Raw }[] = await manager.query(
    `SELECT target_type, target_id, reason, COUNT(*) AS n FROM content_reports
      WHERE target_id IN (${placeholders(rows)}) GROUP BY target_type, target_id, reason`,
    rows.map((row) => row.target_id),
  );
  for (const line of lines) {
    const key = `${line.target_type}:${idOf(line.target_id)}`;
    if (!keys.includes(key)) continue;
    const entry = found.get(key) ?? { count: 0, reasons: [] };
    entry.count += int(line.n);
    entry.reasons.push(line.reason);
    found.set(key, entry);
  }
  return found;
}

/** A page of cases matching `where`, in id order, with their reports. */
async function pageOfCases(
  manager: EntityManager,
  where: { sql: string; params: unknown[] },
  page: { cursor?: string; limit: number; ascending: boolean },
): Promise<Page<ModerationCase>> {
  const after = decodeCursor(page.cursor, ['n']);
  const rows: CaseRow[] = await manager.query(
    `${SELECT_CASES} WHERE ${where.sql} ${after ? `AND mc.id ${page.ascending ? '>' : '<'} ?` : ''} ORDER BY mc.id ${page.ascending ? 'ASC' : 'DESC'} LIMIT ?`,
    [...where.params, ...(after ? [after[0]] : []), page.limit + 1],
  );
  const reports = await reportsOf(manager, rows);
  const none = { count: 0, reasons: [] };
  return keysetPage(rows, page.limit, (row) => toCase(row, reports.get(`${row.target_type}:${idOf(row.target_id)}`) ?? none), (row) => [int(row.id)]);
}

/** Open cases oldest first (the queue), or closed ones newest first. */
export function listCases(manager: EntityManager, query: { status: 'open' | 'closed'; cursor?: string; limit: number }): Promise<Page<ModerationCase>> {
  return pageOfCases(manager, { sql: 'mc.status = ?', params: [query.status] }, { ...query, ascending: query.status === 'open' });
}

/** A community's open cases whose item is still up (its moderators' list), oldest first. */
export function listCommunityCases(manager: EntityManager, communityId: string, page: { cursor?: string; limit: number }): Promise<Page<ModerationCase>> {
  return pageOfCases(
    manager,
    { sql: "mc.community_id = ? AND mc.status = 'open' AND p.status = 'visible' AND (mc.target_type = 'post' OR cm.status = 'visible')", params: [communityId] },
    { ...page, ascending: true },
  );
}

export async function findCase(manager: EntityManager, caseId: string): Promise<ModerationCase | null> {
  const rows: CaseRow[] = await manager.query(`${SELECT_CASES} WHERE mc.id = ?`, [caseId]);
  if (rows.length === 0) return null;
  const reports = await reportsOf(manager, rows);
  return toCase(rows[0], reports.get(`${rows[0].target_type}:${idOf(rows[0].target_id)}`) ?? { count: 0, reasons: [] });
}

export async function openCaseCount(manager: EntityManager): Promise<number> {
  const [{ n }]: { n: Raw }[] = await manager.query("SELECT COUNT(*) AS n FROM moderation_cases WHERE status = 'open'");
  return int(n);
}

export async function insertWarning(manager: EntityManager, warning: { userId: string; caseId: string; reason: string }, now: number): Promise<void> {
  await manager.query('INSERT INTO user_warnings (user_id, case_id, reason, created_at) VALUES (?, ?, ?, ?)', [warning.userId, warning.caseId, warning.reason, now]);
}

/** A user's warnings not yet seen, newest first. */
export async function unseenWarnings(manager: EntityManager, userId: string, limit: number): Promise<UserWarning[]> {
  const rows: { id: Raw; reason: string; created_at: Raw }[] = await manager.query(
    'SELECT id, reason, created_at FROM user_warnings WHERE user_id = ? AND seen_at IS NULL ORDER BY id DESC LIMIT ?',
    [userId, limit],
  );
  return rows.map((row) => ({ id: idOf(row.id), reason: row.reason, createdAt: isoTime(row.created_at) }));
}

/** Marks the listed warnings of `userId` seen; answers how many were unseen. */
export async function markWarningsSeen(manager: EntityManager, userId: string, ids: string[], now: number): Promise<number> {
  const changed = await execute(manager, `UPDATE user_warnings SET seen_at = ? WHERE user_id = ? AND seen_at IS NULL AND id IN (${placeholders(ids)})`, [now, userId, ...ids]);
  return changed.affected;
}

// The sensitive-word list and its version.

export async function wordListVersion(manager: EntityManager): Promise<number> {
  const rows: { version: Raw }[] = await manager.query('SELECT version FROM sensitive_word_version WHERE id = 1');
  return int(rows[0]?.version);
}

/** Raises the list's version in the edit's transaction, so every process reloads the list. */
export async function bumpWordListVersion(manager: EntityManager): Promise<number> {
  await manager.query('UPDATE sensitive_word_version SET version = version + 1 WHERE id = 1');
  return wordListVersion(manager);
}

export async function allWords(manager: EntityManager): Promise<{ word: string; action: WordAction }[]> {
  return manager.query('SELECT word, action FROM sensitive_words');
}

export async function listWords(manager: EntityManager, page: { cursor?: string; limit: number }): Promise<Page<SensitiveWord>> {
  const after = decodeCursor(page.cursor, ['n']);
  const rows: { id: Raw; word: string; action: WordAction; created_at: Raw }[] = await manager.query(
    `SELECT id, word, action, created_at FROM sensitive_words ${after ? 'WHERE id > ?' : ''} ORDER BY id LIMIT ?`,
    [...(after ? [after[0]] : []), page.limit + 1],
  );
  return keysetPage(rows, page.limit, (row) => ({ id: idOf(row.id), word: row.word, action: row.action, createdAt: isoTime(row.created_at) }), (row) => [int(row.id)]);
}

/** Adds a normalised word, or gives one already listed the new action; true when it changed anything. */
export async function upsertWord(manager: EntityManager, word: string, action: WordAction, now: number): Promise<boolean> {
  const added = await execute(manager, `${insertIgnore(manager)} INTO sensitive_words (word, action, created_at) VALUES (?, ?, ?)`, [word, action, now]);
  if (added.affected > 0) return true;
  const changed = await execute(manager, 'UPDATE sensitive_words SET action = ? WHERE word = ? AND action <> ?', [action, word, action]);
  return changed.affected > 0;
}

export async function deleteWord(manager: EntityManager, wordId: string): Promise<boolean> {
  const removed = await execute(manager, 'DELETE FROM sensitive_words WHERE id = ?', [wordId]);
  return removed.affected > 0;
}

// Community moderators.

/** The communities, among `communityIds`, that `userId` moderates. */
export async function moderatedAmong(manager: EntityManager, userId: string, communityIds: string[]): Promise<Set<string>> {
  if (communityIds.length === 0) return new Set();
  const rows: { community_id: Raw }[] = await manager.query(
    // A moderator who left the community no longer moderates it.
    `SELECT cm.community_id FROM community_moderators cm
       JOIN community_members m ON m.community_id = cm.community_id AND m.user_id = cm.user_id
      WHERE cm.user_id = ? AND cm.community_id IN (${placeholders(communityIds)})`,
    [userId, ...communityIds],
  );
  return new Set(rows.map((row) => idOf(row.community_id)));
}

export async function listModerators(manager: EntityManager, communityId: string): Promise<PostAuthor[]> {
  const rows: { id: Raw; nickname: string; avatar_url: string | null }[] = await manager.query(
    'SELECT u.id, u.nickname, u.avatar_url FROM community_moderators cm JOIN users u ON u.id = cm.user_id WHERE cm.community_id = ? ORDER BY cm.created_at, u.id',
    [communityId],
  );
  return rows.map((row) => ({ kind: 'user', id: idOf(row.id), name: row.nickname, avatarUrl: row.avatar_url }));
}

export async function addModerator(manager: EntityManager, communityId: string, userId: string, now: number): Promise<boolean> {
  const added = await execute(manager, `${insertIgnore(manager)} INTO community_moderators (community_id, user_id, created_at) VALUES (?, ?, ?)`, [communityId, userId, now]);
  return added.affected > 0;
}

export async function removeModerator(manager: EntityManager, communityId: string, userId: string): Promise<boolean> {
  const removed = await execute(manager, 'DELETE FROM community_moderators WHERE community_id = ? AND user_id = ?', [communityId, userId]);
  return removed.affected > 0;
}
