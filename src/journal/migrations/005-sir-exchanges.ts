import type { Kysely, Migration } from 'kysely';

/**
 * Issue 5: the SIR life cycle of each exchange (reference/sir-sicres3.md §8), one row per
 * direction and `Identificador_Intercambio`: outgoing (entries we sent) and incoming (entries
 * SIR brought us). The message's history keeps every transition as a hop.
 */
export const sirExchangesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sir_exchanges')
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('exchange_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('tenant', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('registry_number', 'text')
      .addColumn('registry_date', 'text')
      .addColumn('error_code', 'text')
      .addColumn('resends', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sir_exchanges_pk', ['direction', 'exchange_id'])
      .execute();
    await db.schema.createIndex('sir_exchanges_state_idx').on('sir_exchanges').columns(['direction', 'state', 'updated_at']).execute();
    await db.schema.createIndex('sir_exchanges_message_idx').on('sir_exchanges').column('message_id').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('sir_exchanges').execute();
  },
};
