/**
 * The benchmark's yardstick: a bare node:http server that performs, with plain mysql2, the same
 * writes one step sync performs (lock the user, read the day, write the day, post a two-entry
 * ledger transaction, update the wallet, record the attempt), with no framework, ORM, token,
 * signature check or cache. `POST /` with {"userId","date","steps","coins"}.
 */
import { createServer } from 'node:http';
import { createPool } from 'mysql2/promise';

const url = process.env.BASELINE_DATABASE_URL!;
const port = Number(process.env.BASELINE_PORT ?? 18182);
const pool = createPool({ uri: url, connectionLimit: 20, supportBigNumbers: true, bigNumberStrings: true });
const [[mint]] = (await pool.query("SELECT id FROM ledger_accounts WHERE kind = 'mint'")) as unknown as [[{ id: string }]];

async function sync(body: { userId: number; date: string; steps: number; coins: number }): Promise<number> {
  const connection = await pool.getConnection();
  const now = Date.now();
  try {
    await connection.beginTransaction();
    await connection.execute('SELECT weight_kg, frozen FROM users WHERE id = ? FOR UPDATE', [body.userId]);
    const [days] = (await connection.execute('SELECT steps, reached_at, coins_credited FROM daily_steps WHERE user_id = ? AND date = ?', [
      body.userId,
      body.date,
    ])) as unknown as [unknown[]];
    if (days.length === 0) {
      await connection.execute(
        'INSERT INTO daily_steps (user_id, date, steps, reached_at, calories, coins_credited, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [body.userId, body.date, body.steps, now, body.coins, body.coins, now],
      );
    }
    const [wallets] = (await connection.execute("SELECT id FROM ledger_accounts WHERE kind = 'user_wallet' AND owner_id = ?", [
      String(body.userId),
    ])) as unknown as [{ id: string }[]];
    const [tx] = (await connection.execute('INSERT IGNORE INTO ledger_transactions (idempotency_key, kind, memo, created_at) VALUES (?, ?, ?, ?)', [
      `base:${body.userId}:${body.date}:${body.coins}`,
      'step_reward',
      `${body.date} ${body.steps}`,
      now,
    ])) as unknown as [{ insertId: number }];
    await connection.execute('UPDATE ledger_accounts SET balance = balance + ? WHERE id = ? AND balance + ? >= 0', [
      body.coins,
      wallets[0].id,
      body.coins,
    ]);
    const [balances] = (await connection.execute('SELECT balance FROM ledger_accounts WHERE id = ?', [wallets[0].id])) as unknown as [
      { balance: string }[],
    ];
    await connection.execute(
      'INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at) VALUES (?, ?, ?, NULL, ?), (?, ?, ?, ?, ?)',
      [tx.insertId, mint.id, -body.coins, now, tx.insertId, wallets[0].id, body.coins, balances[0].balance, now],
    );
    await connection.execute(
      "INSERT INTO step_sync_attempts (user_id, date, steps, outcome, reason, fingerprint, flagged, credited, created_at) VALUES (?, ?, ?, 'accepted', NULL, ?, 0, ?, ?)",
      [body.userId, body.date, body.steps, 'f'.repeat(64), body.coins, now],
    );
    await connection.commit();
    return Number(balances[0].balance);
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    connection.release();
  }
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    sync(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      .then((balance) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ balance }));
      })
      .catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: error.message }));
      });
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`baseline listening on ${port}\n`));
