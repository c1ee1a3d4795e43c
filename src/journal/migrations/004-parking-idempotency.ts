import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 4: parking with evidence, and Idempotency-Key enforced at intake.
 *
 * - `parked_messages`: one evidence row per park (body, headers, last answer) for operators.
 * - `messages.request_hash`, and (tenant, idempotency_key) unique. Keys were never enforced
 *   before, so older duplicates keep the key on their oldest message only.
 * - status `failed` becomes `parked` on messages and hops (hop events keep their words).
 *
 * listStaleDelivering needs (status, updated_at) on messages: 001 already created that index.
 * Several processes may migrate at once: the Migrator's lock serialises them (see ./index.ts).
 */
export const parkingIdempotencyMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await createParkedMessages(db);
    await db.schema.alterTable('messages').addColumn('request_hash', 'text').execute();
    await keepOldestIdempotencyKeys(db);
    await db.schema
      .createIndex('messages_tenant_idempotency_key_key')
      .unique()
      .on('messages')
      .columns(['tenant', 'idempotency_key'])
      .execute();
    await sql`update messages set status = 'parked' where status = 'failed'`.execute(db);
    await sql`update hops set status = 'parked' where status = 'failed'`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`update hops set status = 'failed' where status = 'parked'`.execute(db);
    await sql`update messages set status = 'failed' where status = 'parked'`.execute(db);
    await db.schema.dropIndex('messages_tenant_idempotency_key_key').execute();
    await db.schema.alterTable('messages').dropColumn('request_hash').execute();
    await db.schema.dropTable('parked_messages').execute();
  },
};

async function createParkedMessages(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('parked_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text')
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('last_response', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_encoding', 'text', (c) => c.notNull())
    .addColumn('headers', 'text')
    .addColumn('first_seen_at', 'text')
    .addColumn('parked_at', 'text', (c) => c.notNull())
    .execute();
  const indexes: Array<[string, string[]]> = [
    ['parked_messages_message_id_idx', ['message_id']],
    ['parked_messages_parked_at_idx', ['parked_at']],
    ['parked_messages_route_parked_at_idx', ['route', 'parked_at']],
  ];
  for (const [name, columns] of indexes) await db.schema.createIndex(name).on('parked_messages').columns(columns).execute();
}

/**
 * Null the key of every message but the oldest (created_at, then id) sharing a (tenant, key)
 * pair, so the unique index can be built. One window query: O(n log n), not a self-join.
 */
async function keepOldestIdempotencyKeys(db: Kysely<unknown>): Promise<void> {
  await sql`
    update messages set idempotency_key = null
    where id in (
      select id from (
        select id, row_number() over (partition by tenant, idempotency_key order by created_at, id) as n
        from messages
        where idempotency_key is not null
      ) ranked
      where n > 1
    )`.execute(db);
}
