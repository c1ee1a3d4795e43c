import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 7: what operators need.
 * - `operators`: operator tokens (hashed) with a role, apart from tenant API keys.
 * - `audit_log`: one row per operator action, never updated.
 * - `replay_jobs` / `replay_job_items`: bulk replays. The items are the selection, frozen when the
 *   job is created, so a job resumed after a restart works through the same messages, and each
 *   item is settled in the same transaction as its replay (never replayed twice).
 * - `messages.replay_of`: the message a replay was made from. A replay keeps its original's
 *   `Identificador_Intercambio` (SIR deduplicates by it), so exchange ids stay unique only among
 *   messages that are not replays; a plain index serves lookups of the whole chain.
 * - `messages.delivery_key`: for a replay, the id of the first message of its chain; every delivery
 *   of the message carries it as its idempotency key (null: the message's own id), so a replay is
 *   the same delivery to the destination, not a new one.
 * - Indexes for the search by business key (correlation id, the destination's registry number).
 */
export const operationsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await createOperators(db);
    await createAudit(db);
    await createReplayJobs(db);
    await db.schema.alterTable('messages').addColumn('replay_of', 'text').execute();
    await db.schema.alterTable('messages').addColumn('delivery_key', 'text').execute();
    await db.schema.createIndex('messages_replay_of_idx').on('messages').column('replay_of').execute();
    await db.schema.dropIndex('messages_exchange_id_key').execute();
    await db.schema
      .createIndex('messages_exchange_id_key')
      .unique()
      .on('messages')
      .column('exchange_id')
      .where(sql.ref('replay_of'), 'is', null)
      .execute();
    await db.schema.createIndex('messages_exchange_id_idx').on('messages').column('exchange_id').execute();
    await db.schema.createIndex('messages_correlation_id_idx').on('messages').column('correlation_id').execute();
    await db.schema.createIndex('messages_status_id_idx').on('messages').columns(['status', 'id']).execute();
    await db.schema.createIndex('sir_exchanges_registry_number_idx').on('sir_exchanges').column('registry_number').execute();
    await db.schema.createIndex('parked_messages_route_code_idx').on('parked_messages').columns(['route', 'code', 'parked_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const index of ['messages_exchange_id_idx', 'messages_correlation_id_idx', 'messages_status_id_idx', 'messages_replay_of_idx', 'messages_exchange_id_key']) {
      await db.schema.dropIndex(index).execute();
    }
    await db.schema.dropIndex('sir_exchanges_registry_number_idx').execute();
    await db.schema.dropIndex('parked_messages_route_code_idx').execute();
    await db.schema.createIndex('messages_exchange_id_key').unique().on('messages').column('exchange_id').execute();
    await db.schema.alterTable('messages').dropColumn('replay_of').execute();
    await db.schema.alterTable('messages').dropColumn('delivery_key').execute();
    for (const table of ['replay_job_items', 'replay_jobs', 'audit_log', 'operators']) await db.schema.dropTable(table).execute();
  },
};

async function createOperators(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
}

async function createAudit(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('operator_role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('job_id', 'text')
    .addColumn('filter', 'text')
    .addColumn('count', 'integer')
    .addColumn('reason', 'text')
    .addColumn('diff', 'text')
    .execute();
  await db.schema.createIndex('audit_log_message_idx').on('audit_log').column('message_id').execute();
  await db.schema.createIndex('audit_log_operator_idx').on('audit_log').columns(['operator_name', 'id']).execute();
}

async function createReplayJobs(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('replay_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('max_items', 'integer')
    .addColumn('rate_per_second', 'double precision')
    .addColumn('reason', 'text')
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('replayed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('replay_jobs_status_idx').on('replay_jobs').columns(['status', 'lease_until']).execute();
  await db.schema
    .createTable('replay_job_items')
    .addColumn('job_id', 'text', (c) => c.notNull().references('replay_jobs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('replay_id', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('replay_job_items_pk', ['job_id', 'seq'])
    .execute();
  await db.schema.createIndex('replay_job_items_state_idx').on('replay_job_items').columns(['job_id', 'state', 'seq']).execute();
  await db.schema.createIndex('replay_job_items_message_idx').on('replay_job_items').column('message_id').execute();
}
