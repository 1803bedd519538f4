import { createHash } from 'node:crypto';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

type Raw = number | string;

const hash = (content: string) => createHash('sha256').update(content).digest('hex');

/**
 * One table of idempotent requests for every money-moving call (redemptions, operators'
 * adjustments, bookings to come), replacing the redemption-only table and the adjustments' memo
 * comparison. Earlier redemptions and adjustments are copied in with their answers, so a retry
 * that spans the upgrade is still answered once.
 */
export class IdempotentRequests1764500000000 implements MigrationInterface {
  name = 'IdempotentRequests1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    const mysql = runner.connection.options.type === 'mysql';
    await runner.createTable(
      new Table({
        name: 'idempotent_requests',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'scope', type: 'varchar', length: '40' },
          // The whole key, compared byte for byte: `abc` and `ABC` are two keys on every database.
          { name: 'idempotency_key', type: 'varchar', length: '128', ...(mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {}) },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'response', type: 'text', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        uniques: [{ name: 'uq_idempotent_request', columnNames: ['scope', 'idempotency_key'] }],
      }),
    );
    await this.copyRedemptions(runner);
    await this.copyAdjustments(runner);
    await runner.dropTable('redemption_requests');
  }

  private async copyRedemptions(runner: QueryRunner): Promise<void> {
    const rows: {
      user_id: Raw; idempotency_key: string; request_hash: string; balance_after: Raw; created_at: Raw;
      id: Raw; code: string; offer_id: Raw; title: string; status: string; price_coins: Raw; issued_at: Raw; expires_at: Raw; used_at: Raw | null;
    }[] = await runner.query(
      `SELECT r.user_id, r.idempotency_key, r.request_hash, r.balance_after, r.created_at,
              v.id, v.code, v.offer_id, o.title, v.status, v.price_coins, v.issued_at, v.expires_at, v.used_at
         FROM redemption_requests r JOIN vouchers v ON v.id = r.voucher_id JOIN offers o ON o.id = v.offer_id`,
    );
    for (const row of rows) {
      const iso = (value: Raw) => new Date(Number(value)).toISOString();
      const voucher = {
        id: String(row.id),
        code: row.code,
        offerId: String(row.offer_id),
        offerTitle: row.title,
        status: 'issued',
        priceCoins: Number(row.price_coins),
        issuedAt: iso(row.issued_at),
        expiresAt: iso(row.expires_at),
        usedAt: null,
      };
      await runner.query(
        'INSERT INTO idempotent_requests (scope, idempotency_key, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?)',
        [`user:${row.user_id}`, row.idempotency_key, row.request_hash, JSON.stringify({ voucher, balance: Number(row.balance_after) }), row.created_at],
      );
    }
  }

  /** An adjustment's ledger key is `adjust:<operator>:<key>`; its content was the user and the memo. */
  private async copyAdjustments(runner: QueryRunner): Promise<void> {
    const rows: { id: Raw; idempotency_key: string; memo: string | null; created_at: Raw; owner_id: string; amount: Raw }[] =
      await runner.query(
        `SELECT t.id, t.idempotency_key, t.memo, t.created_at, a.owner_id, e.amount
           FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
           JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'user_wallet'
          WHERE t.kind = 'adjustment'`,
      );
    for (const row of rows) {
      const match = /^adjust:(\d+):(.+)$/s.exec(row.idempotency_key);
      if (!match) continue;
      // A retried adjustment answers its transaction with the wallet's balance at the time of the retry.
      const answer = { transactionId: String(row.id), userId: row.owner_id, amount: Number(row.amount) };
      await runner.query(
        'INSERT INTO idempotent_requests (scope, idempotency_key, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?)',
        [`staff:${match[1]}`, match[2], hash(`adjust:${row.owner_id}:${row.memo ?? ''}`), JSON.stringify(answer), row.created_at],
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'redemption_requests',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'idempotency_key', type: 'varchar', length: '128' },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'voucher_id', type: 'integer' },
          { name: 'balance_after', type: 'bigint' },
          { name: 'created_at', type: 'bigint' },
        ],
        uniques: [{ name: 'uq_redemption_key', columnNames: ['user_id', 'idempotency_key'] }],
      }),
    );
    await runner.dropTable('idempotent_requests');
  }
}
