import { sql, type Kysely, type Transaction } from 'kysely';
import type { JournalDatabase } from './tables';

type Work<T> = (trx: Transaction<JournalDatabase>) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most writes that share one commit: bounds how long the first of them waits for the rest. */
const MAX_GROUP = 64;

/**
 * Group commit for SQLite. better-sqlite3 runs synchronously, and with `synchronous = FULL`
 * every commit is an fsync (about 0.25 ms here) during which the event loop stands still; three
 * commits per accepted entry capped intake near a thousand entries a second. Writes issued in
 * the same turn of the event loop therefore share one transaction: each runs inside its own
 * savepoint (its failure rolls back only its own changes and rejects only its own caller), and
 * every caller is answered only after the shared COMMIT, so nothing is acknowledged before it is
 * durable. If the COMMIT itself fails, every write of the group fails.
 */
export function createGroupCommitter(db: Kysely<JournalDatabase>) {
  let queue: Pending[] = [];
  let scheduled = false;
  let running: Promise<void> = Promise.resolve();

  async function flush(group: Pending[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const p of group) {
          await sql`savepoint w`.execute(trx);
          try {
            outcomes.push({ ok: true, value: await p.work(trx) });
            await sql`release w`.execute(trx);
          } catch (e) {
            await sql`rollback to w`.execute(trx);
            await sql`release w`.execute(trx);
            outcomes.push({ ok: false, value: e });
          }
        }
      });
    } catch (e) {
      for (const p of group) p.reject(e);
      return;
    }
    group.forEach((p, i) => (outcomes[i].ok ? p.resolve(outcomes[i].value) : p.reject(outcomes[i].value)));
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const group = queue.splice(0, MAX_GROUP);
      if (queue.length) schedule();
      running = running.then(() => flush(group));
    });
  }

  return <T>(work: Work<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work: work as Work<unknown>, resolve: resolve as (v: unknown) => void, reject });
      schedule();
    });
}
