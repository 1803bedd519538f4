import type { DataSource, EntityManager } from 'typeorm';
import type { SensitiveWord, WordAction } from '@calorie-bank/shared';
import { allWords, bumpWordListVersion, deleteWord, listWords, upsertWord, wordListVersion } from '../db/moderation.js';
import type { Page } from '../db/pages.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound, validationFailed } from '../errors.js';
import { normaliseForFilter, WordFilter, type FilterVerdict } from '../moderation/word-filter.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';

/** Each process's compiled list, with the version it was built from. */
const compiled = new WeakMap<DataSource, { version: number; filter: WordFilter }>();

/**
 * The list's verdict on `text`. The list's version is read on every check (one row by key) and
 * the automaton rebuilt only when an operator changed the list since, so every BFF process
 * applies an edit from the next post or comment on.
 */
export async function checkText(context: ServiceContext, text: string): Promise<FilterVerdict> {
  const manager = context.db.manager;
  const version = await wordListVersion(manager);
  let current = compiled.get(context.db);
  if (!current || current.version !== version) {
    current = { version, filter: new WordFilter(await allWords(manager)) };
    compiled.set(context.db, current);
  }
  return current.filter.check(text);
}

/** Refuses text with a blocked word (beside `field`); answers the review words, which hold the item for an operator. */
export async function screenText(context: ServiceContext, text: string, field: string): Promise<string[]> {
  const verdict = await checkText(context, text);
  if (verdict.blocked.length > 0) {
    const message = `contains words that are not allowed: ${verdict.blocked.join(', ')}`;
    throw new AppError('CONTENT_REJECTED', `The text ${message}`, { details: [{ path: field, message }] });
  }
  return verdict.review;
}

/** The list in the order it was written, with its version. */
export async function listSensitiveWords(context: ServiceContext, page: { cursor?: string; limit: number }): Promise<Page<SensitiveWord> & { version: number }> {
  const [version, words] = await Promise.all([wordListVersion(context.db.manager), listWords(context.db.manager, page)]);
  return { version, ...words };
}

async function changeList(
  context: ServiceContext,
  operator: Operator,
  audit: { action: string; targetId: string | null; after: unknown },
  change: (manager: EntityManager, now: number) => Promise<number>,
): Promise<{ version: number; added: number }> {
  const now = context.now().getTime();
  return runInTransaction(context.db, async (manager) => {
    // The version row is raised first: its lock puts concurrent edits of the list one after
    // another, where two adding the same words would each hold a shared lock on a word the other
    // must then update (a deadlock).
    const version = await bumpWordListVersion(manager);
    const added = await change(manager, now);
    await recordAudit(manager, operator, { action: audit.action, targetType: 'sensitive_word', targetId: audit.targetId, after: audit.after }, now);
    return { version, added };
  });
}

/** Adds words (stored normalised, as the filter compares them) or changes the action of ones listed. */
export async function addSensitiveWords(context: ServiceContext, operator: Operator, body: { words: string[]; action: WordAction }) {
  const normalised = body.words.map(normaliseForFilter);
  const empty = normalised.flatMap((word, index) => (word.length === 0 ? [{ path: `words.${index}`, message: 'has no letter or digit, so it could never match any text' }] : []));
  if (empty.length > 0) throw validationFailed('A word the filter could never match was given', empty);
  const words = [...new Set(normalised)];
  return changeList(context, operator, { action: 'sensitive_word.add', targetId: null, after: { words, action: body.action } }, async (manager, now) => {
    let added = 0;
    for (const word of words.slice(0, 200)) if (await upsertWord(manager, word.slice(0, 64), body.action, now)) added += 1;
    return added;
  });
}

export function removeSensitiveWord(context: ServiceContext, operator: Operator, wordId: string) {
  return changeList(context, operator, { action: 'sensitive_word.remove', targetId: wordId, after: null }, async (manager) => {
    if (!(await deleteWord(manager, wordId))) throw notFound(`Word ${wordId}`);
    return 0;
  });
}
