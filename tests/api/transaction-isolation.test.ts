import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource, EntityManager } from 'typeorm';
import { openDatabase } from '@calorie-bank/bff';
import { runInTransaction } from '../../bff/src/db/transaction.js';
import { availableServices, createMysqlDatabase } from '../support/services.js';

const services = await availableServices();

/** The isolation level the current transaction runs at, as MariaDB (tx_isolation) or MySQL 8 (transaction_isolation) names it. */
async function levelIn(manager: EntityManager): Promise<string> {
  const read = async (variable: string) => ((await manager.query(`SELECT @@SESSION.${variable} AS level`)) as { level: string }[])[0].level;
  return read('transaction_isolation').catch(() => read('tx_isolation'));
}

describe.skipIf(!services.mysql)('transaction isolation on MariaDB', () => {
  let db: DataSource;
  let drop: () => Promise<void>;
  let serverDefault: string;

  beforeAll(async () => {
    const created = await createMysqlDatabase();
    drop = created.drop;
    // One connection, so every transaction below meets the session the one before it left.
    db = await openDatabase({ type: 'mysql', url: created.url }, { poolSize: 1 });
    serverDefault = ((await db.query('SELECT @@GLOBAL.tx_isolation AS level')) as { level: string }[])[0].level;
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('runs each transaction at the level it asks for, whatever the one before it ran at', async () => {
    const seen: string[] = [];
    for (const isolation of ['READ COMMITTED', 'READ COMMITTED', undefined, 'READ COMMITTED', undefined, undefined] as const) {
      seen.push(await runInTransaction(db, levelIn, isolation ? { isolation } : {}));
    }
    expect(serverDefault).not.toBe('READ-COMMITTED');
    expect(seen).toEqual(['READ-COMMITTED', 'READ-COMMITTED', serverDefault, 'READ-COMMITTED', serverDefault, serverDefault]);
  });

  it('keeps the level after a transaction that rolled back', async () => {
    await expect(
      runInTransaction(db, async () => {
        throw new Error('rolled back on purpose');
      }, { isolation: 'READ COMMITTED' }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await runInTransaction(db, levelIn, { isolation: 'READ COMMITTED' })).toBe('READ-COMMITTED');
    expect(await runInTransaction(db, levelIn)).toBe(serverDefault);
  });
});
