import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { MariaDbProcess } from '../support/mariadb-process.js';

describe('a private MariaDB started by a fault test', () => {
  // Named as the shared server names its temporary tables; a private server that cleaned the
  // shared tmpdir at start would delete it, as it deleted a live one under a migration once.
  const marker = join(tmpdir(), `#sql-temptable-cbtest-${process.pid}.MAD`);
  let mariadb: MariaDbProcess | undefined;

  afterAll(async () => {
    await mariadb?.destroy();
    await rm(marker, { force: true });
  });

  it('keeps its temporary files in its own folder and leaves the shared one alone', async () => {
    await writeFile(marker, '');
    mariadb = await MariaDbProcess.start();
    expect(existsSync(marker)).toBe(true);

    const connection = await createConnection({ uri: mariadb.url });
    try {
      const [rows] = await connection.query('SELECT @@tmpdir AS tmpdir');
      expect((rows as { tmpdir: string }[])[0].tmpdir).toBe(mariadb.tmpDir);
    } finally {
      await connection.end();
    }
  }, 120_000);
});
