import type { Kysely, Migration } from 'kysely';

/**
 * Issue 5: the fichero of an incoming exchange, as SIR brought it. Forwarding (REENVÍO `03`) and
 * rejecting (RECHAZO `04`) send the same document back out with only the hop's fields changed,
 * so annex signatures, hashes and every field the canonical entry has no place for survive.
 */
export const sirFicheroMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sir_exchanges').addColumn('fichero', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sir_exchanges').dropColumn('fichero').execute();
  },
};
