import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '@calorie-bank/bff';
import { deferWrite } from '../../bff/src/db/statement-batch.js';
import { runInTransaction } from '../../bff/src/db/transaction.js';
import { campaignsRunningOn, forgetRunningCampaigns } from '../../bff/src/services/running-campaigns.js';
import { availableServices, createMysqlDatabase } from '../support/services.js';

const services = await availableServices();

describe.skipIf(!services.mysql)("the day's running campaigns, shared by the syncs of one process, on MariaDB", () => {
  let db: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createMysqlDatabase();
    drop = created.drop;
    db = await openDatabase({ type: 'mysql', url: created.url }, { poolSize: 4 });
    await db.query('CREATE TABLE clash (id INT PRIMARY KEY)');
    await db.query('INSERT INTO clash (id) VALUES (1)');
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it("fails only the sync whose queued write fails, not another sync waiting for the same list", async () => {
    forgetRunningCampaigns(db);
    let go!: () => void;
    const asked = new Promise<void>((resolve) => (go = resolve));
    let ready!: () => void;
    const otherReady = new Promise<void>((resolve) => (ready = resolve));
    // The other sync holds its transaction first, then asks for the list the moment the first one has.
    const other = runInTransaction(db, async (manager) => {
      await manager.query('SELECT 1');
      ready();
      await asked;
      return campaignsRunningOn(manager, '2026-11-30');
    });
    await otherReady;
    const failing = runInTransaction(db, async (manager) => {
      // A write of this sync that will fail when it reaches the server, queued ahead of the list.
      await deferWrite(manager, 'INSERT INTO clash (id) VALUES (?)', [1]);
      const list = campaignsRunningOn(manager, '2026-11-30');
      go();
      return list;
    });
    await expect(failing).rejects.toThrow(/Duplicate entry/);
    await expect(other).resolves.toEqual([]);
  });
});
