import type { EntityManager } from 'typeorm';
import { insertIgnore } from './transaction.js';

/**
 * The secret kept under `name`, stored as `candidate` if none was kept yet. Processes that ask at
 * once all answer the one that was stored first.
 */
export async function keptSecret(manager: EntityManager, name: string, candidate: string, now: number): Promise<string> {
  await manager.query(`${insertIgnore(manager)} INTO kept_secrets (name, secret, created_at) VALUES (?, ?, ?)`, [name, candidate, now]);
  const rows: { secret: string }[] = await manager.query('SELECT secret FROM kept_secrets WHERE name = ?', [name]);
  return rows[0].secret;
}
