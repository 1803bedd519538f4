import type { DataSource } from 'typeorm';
import { int, type Raw } from './rows.js';
import { execute, insertIgnore, runInTransaction } from './transaction.js';

/** The sandbox WeChat's state in the database (see migration 1765900000100), shared by every BFF process. */

export async function saveWechatCode(db: DataSource, code: string, openid: string, expiresAt: number): Promise<void> {
  await runInTransaction(db, (manager) => execute(manager, 'INSERT INTO sandbox_wechat_codes (code, openid, expires_at) VALUES (?, ?, ?)', [code, openid, expiresAt]));
}

/** Takes a login code, once: the process whose delete removed it gets its grant, any other none. */
export async function takeWechatCode(db: DataSource, code: string): Promise<{ openid: string; expiresAt: number } | null> {
  return runInTransaction(db, async (manager) => {
    const rows: { openid: string; expires_at: Raw }[] = await manager.query('SELECT openid, expires_at FROM sandbox_wechat_codes WHERE code = ?', [code]);
    if (rows.length === 0) return null;
    const taken = await execute(manager, 'DELETE FROM sandbox_wechat_codes WHERE code = ?', [code]);
    return taken.affected === 1 ? { openid: rows[0].openid, expiresAt: int(rows[0].expires_at) } : null;
  });
}

/** Makes `sessionKey` the user's current session key, replacing the last one. */
export async function saveWechatSessionKey(db: DataSource, openid: string, sessionKey: string, now: number): Promise<void> {
  await runInTransaction(db, async (manager) => {
    const inserted = await execute(manager, `${insertIgnore(manager)} INTO sandbox_wechat_sessions (openid, session_key, updated_at) VALUES (?, ?, ?)`, [openid, sessionKey, now]);
    if (inserted.affected === 0) await execute(manager, 'UPDATE sandbox_wechat_sessions SET session_key = ?, updated_at = ? WHERE openid = ?', [sessionKey, now, openid]);
  });
}

export async function wechatSessionKey(db: DataSource, openid: string): Promise<string | null> {
  const rows: { session_key: string }[] = await db.query('SELECT session_key FROM sandbox_wechat_sessions WHERE openid = ?', [openid]);
  return rows[0]?.session_key ?? null;
}
