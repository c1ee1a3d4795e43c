import { sql, type Kysely, type Migration } from 'kysely';

/**
 * `expedientes.changed_utc`: the change time as ISO-8601 UTC, so a citizen's list orders by time
 * whatever offset each municipality writes (`changed_at` keeps the source's own text, with its
 * offset, for display). Existing rows are filled in from `changed_at`.
 */
export const expedienteOrderMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('expedientes').addColumn('changed_utc', 'text').execute();
    const rows = await sql<{ expediente: string; changed_at: string }>`select expediente, changed_at from expedientes`.execute(db);
    for (const r of rows.rows) {
      await sql`update expedientes set changed_utc = ${new Date(r.changed_at).toISOString()} where expediente = ${r.expediente}`.execute(db);
    }
    await db.schema.createIndex('expedientes_changed_utc_idx').on('expedientes').column('changed_utc').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('expedientes_changed_utc_idx').execute();
    await db.schema.alterTable('expedientes').dropColumn('changed_utc').execute();
  },
};
