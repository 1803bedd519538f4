import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource, EntityManager } from 'typeorm';
import { openDatabase } from '@calorie-bank/bff';
import { deferWrite, readTogether, type Read } from '../../bff/src/db/statement-batch.js';
import { runInTransaction } from '../../bff/src/db/transaction.js';
import { availableServices, createMysqlDatabase } from '../support/services.js';

const services = await availableServices();

const notes = (): Read<string[]> => ({ sql: 'SELECT body FROM batch_notes ORDER BY id', parameters: [], parse: (rows: { body: string }[]) => rows.map((row) => row.body) });
const count = (): Read<number> => ({ sql: 'SELECT COUNT(*) AS n FROM batch_notes', parameters: [], parse: (rows: { n: number | string }[]) => Number(rows[0].n) });
const note = (manager: EntityManager, id: number, body: string) => deferWrite(manager, 'INSERT INTO batch_notes (id, body) VALUES (?, ?)', [id, body]);

/** Reports each query the driver sends on the one pooled connection of `db`. */
function listen(db: DataSource, report: (sql: string) => void): Promise<void> {
  return runInTransaction(db, async (manager) => {
    const connection = (manager.queryRunner as unknown as { databaseConnection: { addCommand(command: { sql?: string }): unknown } }).databaseConnection;
    const addCommand = connection.addCommand.bind(connection);
    connection.addCommand = (command) => {
      if (command.sql !== undefined) report(command.sql);
      return addCommand(command);
    };
  });
}

/** The transaction of the first case below: two reads, then two writes. */
async function readThenWrite(manager: EntityManager): Promise<[number, string[]]> {
  const read = await readTogether(manager, count(), notes());
  await note(manager, 1, 'first');
  await note(manager, 2, 'second');
  return read;
}

/** A database of one pooled connection, so every transaction meets whatever the one before it left queued, with the notes table and the queries its driver sends. */
async function notesDatabase(options: { batchStatements?: boolean } = {}): Promise<{ db: DataSource; sent: string[]; close(): Promise<void> }> {
  const created = await createMysqlDatabase();
  const db = await openDatabase({ type: 'mysql', url: created.url }, { poolSize: 1, ...options });
  await db.query('CREATE TABLE batch_notes (id INT PRIMARY KEY, body VARCHAR(200) NOT NULL)');
  const sent: string[] = [];
  await listen(db, (sql) => sent.push(sql));
  return { db, sent, close: async () => { await db.destroy(); await created.drop(); } };
}

describe.skipIf(!services.mysql)('statements of a transaction sent together, on MariaDB', () => {
  let db: DataSource;
  let close: () => Promise<void>;
  /** Queries the driver sent to the server since the last reset. */
  let sent: string[] = [];

  beforeAll(async () => {
    ({ db, sent, close } = await notesDatabase());
  });
  beforeEach(async () => {
    await db.query('DELETE FROM batch_notes');
    sent.length = 0;
  });
  afterAll(() => close?.());

  it('sends the start, the reads and the writes in two queries, and the server ran them all in order', async () => {
    const [before, ids] = await runInTransaction(db, readThenWrite);
    expect(before).toBe(0);
    expect(ids).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^START TRANSACTION;\nSELECT COUNT\(\*\)[^;]*;\nSELECT body/);
    expect(sent[1]).toMatch(/^INSERT INTO batch_notes[^;]*'first'\);\nINSERT INTO batch_notes[^;]*'second'\);\nCOMMIT$/);
    expect(await readTogether(db.manager, notes())).toEqual([['first', 'second']]);
  });

  it('lets a read see the writes queued before it in the same transaction', async () => {
    const seen = await runInTransaction(db, async (manager) => {
      await note(manager, 1, 'one');
      await note(manager, 2, 'two');
      return (await readTogether(manager, count()))[0];
    });
    expect(seen).toBe(2);
  });

  it('fails the whole transaction when a queued write fails, and commits none of it', async () => {
    await db.query("INSERT INTO batch_notes (id, body) VALUES (7, 'kept')");
    await expect(
      runInTransaction(db, async (manager) => {
        await note(manager, 1, 'before the clash');
        await note(manager, 7, 'clashes with the kept row');
        await note(manager, 8, 'after the clash');
      }),
    ).rejects.toThrow(/Duplicate entry/);
    expect(await readTogether(db.manager, notes())).toEqual([['kept']]);
  });

  it('never sends what is queued when the work throws, and the next transaction on the connection starts clean', async () => {
    await expect(
      runInTransaction(db, async (manager) => {
        await note(manager, 1, 'never sent');
        throw new Error('undone on purpose');
      }),
    ).rejects.toThrow('undone on purpose');
    await runInTransaction(db, (manager) => note(manager, 2, 'written'));
    expect(sent.join('\n')).not.toContain('never sent');
    expect(await readTogether(db.manager, notes())).toEqual([['written']]);
  });

  it('keeps values with quotes, backslashes, question marks and semicolons exactly as given', async () => {
    const tricky = ["it's ?; DROP TABLE batch_notes; --", 'back\\slash ?? "quoted" `tick`', '步数 ? 10000;'];
    await runInTransaction(db, async (manager) => {
      for (const [index, body] of tricky.entries()) await note(manager, index + 1, body);
    });
    expect(await readTogether(db.manager, notes())).toEqual([tricky]);
  });

  it('reports an error in the first of several reads to each of them', async () => {
    const broken: Read<number> = { sql: 'SELECT missing_column FROM batch_notes', parameters: [], parse: () => 0 };
    await expect(runInTransaction(db, (manager) => readTogether(manager, broken, count()))).rejects.toThrow(/missing_column/);
    expect(await readTogether(db.manager, count())).toEqual([0]);
  });

  it('never lets a caller that caught a failed batch commit without the writes it carried', async () => {
    await db.query("INSERT INTO batch_notes (id, body) VALUES (7, 'kept')");
    await expect(
      runInTransaction(db, async (manager) => {
        await note(manager, 1, 'queued before the clash');
        // The INSERT that carries the queue clashes; the caller treats that as "already there".
        await manager.query("INSERT INTO batch_notes (id, body) VALUES (7, 'clash')").catch(() => undefined);
        await note(manager, 2, 'queued after the clash');
      }),
    ).rejects.toThrow(/Duplicate entry/);
    expect(await readTogether(db.manager, notes())).toEqual([['kept']]);
    await runInTransaction(db, (manager) => note(manager, 3, 'the connection goes on'));
    expect(await readTogether(db.manager, notes())).toEqual([['the connection goes on', 'kept']]);
  });

  it('drops what a transaction left queued when its connection goes back to the pool', async () => {
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await note(runner.manager, 1, 'left queued');
    // Released with neither COMMIT nor ROLLBACK, as a write queued too late would be left.
    await runner.release();
    sent.length = 0;
    await runInTransaction(db, (manager) => note(manager, 2, 'next request'));
    expect(sent.join('\n')).not.toContain('left queued');
    expect(await readTogether(db.manager, notes())).toEqual([['next request']]);
  });

  it('rejects with the error of an earlier read whose rows do not parse, and the connection goes on', async () => {
    const unparsable: Read<number> = { ...count(), parse: () => { throw new Error('rows of an unexpected shape'); } };
    await expect(runInTransaction(db, (manager) => readTogether(manager, unparsable, notes()))).rejects.toThrow('rows of an unexpected shape');
    expect(await runInTransaction(db, (manager) => readTogether(manager, count(), notes()))).toEqual([0, []]);
  });
});

describe.skipIf(!services.mysql)('statements of a transaction with DATABASE_BATCH_STATEMENTS=0, on MariaDB', () => {
  let db: DataSource;
  let close: () => Promise<void>;
  let sent: string[] = [];

  beforeAll(async () => {
    ({ db, sent, close } = await notesDatabase({ batchStatements: false }));
  });
  afterAll(() => close?.());

  it('sends each statement on its own, with the same outcome', async () => {
    sent.length = 0;
    expect(await runInTransaction(db, readThenWrite)).toEqual([0, []]);
    expect(sent.map((sql) => sql.split(' ')[0])).toEqual(['START', 'SELECT', 'SELECT', 'INSERT', 'INSERT', 'COMMIT']);
    expect(await readTogether(db.manager, notes())).toEqual([['first', 'second']]);
  });
});
