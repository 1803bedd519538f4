import type { EntityManager } from 'typeorm';
import { idOf, int, type Raw } from './rows.js';

/** Coins into and out of user wallets in [start, end), by transaction kind. */
export async function walletFlows(manager: EntityManager, start: number, end: number): Promise<{ kind: string; credited: number; debited: number }[]> {
  const rows: { kind: string; credited: Raw | null; debited: Raw | null }[] = await manager.query(
    `SELECT t.kind, SUM(CASE WHEN e.amount > 0 THEN e.amount ELSE 0 END) AS credited, SUM(CASE WHEN e.amount < 0 THEN -e.amount ELSE 0 END) AS debited
       FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
       JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'user_wallet'
      WHERE t.created_at >= ? AND t.created_at < ? GROUP BY t.kind`,
    [start, end],
  );
  return rows.map((row) => ({ kind: row.kind, credited: int(row.credited), debited: int(row.debited) }));
}

/** The offers most redeemed in [start, end) (refunded vouchers do not count). */
export async function topOffers(manager: EntityManager, start: number, end: number, limit: number): Promise<{ offerId: string; title: string; redeemed: number }[]> {
  const rows: { offer_id: Raw; title: string; redeemed: Raw }[] = await manager.query(
    `SELECT v.offer_id, o.title, COUNT(*) AS redeemed FROM vouchers v JOIN offers o ON o.id = v.offer_id
      WHERE v.issued_at >= ? AND v.issued_at < ? AND v.status <> 'refunded'
      GROUP BY v.offer_id, o.title ORDER BY redeemed DESC, v.offer_id LIMIT ?`,
    [start, end, limit],
  );
  return rows.map((row) => ({ offerId: idOf(row.offer_id), title: row.title, redeemed: int(row.redeemed) }));
}
