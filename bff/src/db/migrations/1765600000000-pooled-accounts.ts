import { TableColumn, TableUnique, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An account may be split into slots: the accounts every paying sync or redemption touches (a
 * popular campaign's budget, a popular merchant) are kept as several rows with one owner, each a
 * ledger account of its own, so concurrent payers lock different rows; their balance is the sum.
 * Every existing account becomes slot 0 with its balance and entries unchanged; campaign budgets
 * and merchants get their other slots, empty, and a budget's coins are spread over them by a
 * balanced ledger transaction when a payment finds most of them dry (see `ledger/pools.ts`).
 */
export class PooledAccounts1765600000000 implements MigrationInterface {
  name = 'PooledAccounts1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('ledger_accounts', new TableColumn({ name: 'slot', type: 'int', default: 0 }));
    if (runner.connection.options.type === 'mysql') {
      // MySQL keeps unique constraints as unique indexes.
      await runner.query('CREATE UNIQUE INDEX uq_account_owner_slot ON ledger_accounts (kind, owner_id, slot)');
      await runner.query('DROP INDEX uq_account_owner ON ledger_accounts');
    } else {
      await runner.dropUniqueConstraint('ledger_accounts', 'uq_account_owner');
      await runner.createUniqueConstraint('ledger_accounts', new TableUnique({ name: 'uq_account_owner_slot', columnNames: ['kind', 'owner_id', 'slot'] }));
    }
    // The slot count as it was when accounts were split (16); a later count opens its slots itself.
    const slots = Array.from({ length: 15 }, (_, index) => `SELECT ${index + 1} AS n`).join(' UNION ALL ');
    await runner.query(
      `INSERT INTO ledger_accounts (kind, owner_id, slot, balance, created_at)
       SELECT a.kind, a.owner_id, s.n, 0, a.created_at FROM ledger_accounts a CROSS JOIN (${slots}) s
        WHERE a.kind IN ('campaign_budget', 'merchant') AND a.slot = 0`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    // Folding slots back into one row per owner would rewrite entries: only empty slots without entries go.
    await runner.query(
      'DELETE FROM ledger_accounts WHERE slot <> 0 AND balance = 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.account_id = ledger_accounts.id)',
    );
    if (runner.connection.options.type === 'mysql') {
      await runner.query('CREATE UNIQUE INDEX uq_account_owner ON ledger_accounts (kind, owner_id)');
      await runner.query('DROP INDEX uq_account_owner_slot ON ledger_accounts');
    } else {
      await runner.dropUniqueConstraint('ledger_accounts', 'uq_account_owner_slot');
      await runner.createUniqueConstraint('ledger_accounts', new TableUnique({ name: 'uq_account_owner', columnNames: ['kind', 'owner_id'] }));
    }
    await runner.dropColumn('ledger_accounts', 'slot');
  }
}
