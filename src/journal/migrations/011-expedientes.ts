import type { Kysely, Migration } from 'kysely';

/**
 * Issue 9: Carpeta Ciudadana. The projection of expediente-status messages:
 * - `expedientes`: the current state of each expediente (by its ENI identifier), the newest by
 *   the source's `sequence`;
 * - `expediente_parties`: who may see it, by the SHA-256 of the identity document number (the
 *   citizen's query looks it up; the number itself is never a key or a log field);
 * - `expediente_history`: every update taken or ignored, in the order it arrived.
 */
export const expedientesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('expedientes')
      .addColumn('expediente', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('managing_unit', 'text', (c) => c.notNull())
      .addColumn('procedure_code', 'text', (c) => c.notNull())
      .addColumn('procedure_name', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('phase', 'text')
      .addColumn('pending_action', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('office_url', 'text', (c) => c.notNull())
      .addColumn('sequence', 'bigint', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('expediente_parties')
      .addColumn('expediente', 'text', (c) => c.notNull())
      .addColumn('document_key', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('expediente_parties_pk', ['expediente', 'document_key'])
      .execute();
    await db.schema.createIndex('expediente_parties_document_idx').on('expediente_parties').columns(['document_key', 'expediente']).execute();
    await db.schema
      .createTable('expediente_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('expediente', 'text', (c) => c.notNull())
      .addColumn('sequence', 'bigint', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('phase', 'text')
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('expediente_history_expediente_idx').on('expediente_history').columns(['expediente', 'id']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['expediente_history', 'expediente_parties', 'expedientes']) await db.schema.dropTable(table).execute();
  },
};
