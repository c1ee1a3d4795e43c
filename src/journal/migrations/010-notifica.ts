import type { Kysely, Migration } from 'kysely';
import type { DialectKind } from '../tables';

/**
 * Issue 8: Notific@.
 * - `blobs`: the journal's blob store, content-addressed by SHA-256 (hex): a document kept once
 *   however many rows point at it (e.g. an acuse, the delivery certificate).
 * - `notifica_envios`: one row per envío Notific@ created for a notification message (one per
 *   recipient), keyed by Notific@'s `identificador`: its current state, who received it, its
 *   certificate, when it was last checked by polling.
 * - `notifica_early_callbacks`: state callbacks that arrived for an `identificador` we did not know
 *   yet (Notific@ called back before the submission's answer was recorded), held until the
 *   answer is recorded, then applied.
 */
export function notificaMigration(kind: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('content', kind === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await createEnvios(db);
      await db.schema
        .createTable('notifica_early_callbacks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('identificador', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notifica_early_identificador_idx').on('notifica_early_callbacks').columns(['identificador', 'received_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['notifica_early_callbacks', 'notifica_envios', 'blobs']) await db.schema.dropTable(table).execute();
    },
  };
}

async function createEnvios(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifica_envios')
    .addColumn('identificador', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('recipient_index', 'integer', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('organismo', 'text', (c) => c.notNull())
    .addColumn('referencia', 'text', (c) => c.notNull())
    .addColumn('state', 'text')
    .addColumn('state_at', 'text')
    .addColumn('final', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('origin', 'text')
    .addColumn('receptor', 'text')
    .addColumn('acuse_sha256', 'text')
    .addColumn('acuse_csv', 'text')
    .addColumn('certified_at', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('checked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifica_envios_message_idx').on('notifica_envios').columns(['message_id', 'recipient_index']).execute();
  await db.schema.createIndex('notifica_envios_open_idx').on('notifica_envios').columns(['final', 'updated_at']).execute();
  await db.schema.createIndex('notifica_envios_referencia_idx').on('notifica_envios').column('referencia').execute();
}
