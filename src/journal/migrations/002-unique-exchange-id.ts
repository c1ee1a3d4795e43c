import type { Kysely, Migration } from 'kysely';

/**
 * One message per `Identificador_Intercambio`: SIR refuses a second fichero with the same id, so
 * the journal must never hold two messages that would be sent with it. NULLs (messages that
 * have no exchange id) stay allowed any number of times, in SQLite and PostgreSQL alike.
 */
export const uniqueExchangeIdMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('messages_exchange_id_idx').execute();
    await db.schema.createIndex('messages_exchange_id_key').unique().on('messages').column('exchange_id').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('messages_exchange_id_key').execute();
    await db.schema.createIndex('messages_exchange_id_idx').on('messages').column('exchange_id').execute();
  },
};
