import type { Kysely, Migration } from 'kysely';
import type { DialectKind } from '../tables';

/** messages, hops, api_keys and sequences, with the indexes the status API and operators use. */
export function initialMigration(kind: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await createMessages(db);
      await createHops(db, kind);
      await createApiKeys(db);
      await db.schema
        .createTable('sequences')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['sequences', 'api_keys', 'hops', 'messages']) await db.schema.dropTable(table).execute();
    },
  };
}

async function createMessages(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('correlation_id', 'text', (c) => c.notNull())
    .addColumn('registry_number', 'text')
    .addColumn('exchange_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('envelope', 'text', (c) => c.notNull())
    .execute();
  const indexes: Array<[string, string[]]> = [
    ['messages_tenant_created_at_idx', ['tenant', 'created_at']],
    ['messages_status_updated_at_idx', ['status', 'updated_at']],
    ['messages_exchange_id_idx', ['exchange_id']],
    ['messages_registry_number_idx', ['registry_number']],
    ['messages_route_status_idx', ['route', 'status']],
  ];
  for (const [name, columns] of indexes) await db.schema.createIndex(name).on('messages').columns(columns).execute();
}

async function createHops(db: Kysely<unknown>, kind: DialectKind): Promise<void> {
  await db.schema
    .createTable('hops')
    .addColumn('id', kind === 'postgres' ? 'bigserial' : 'integer', (c) =>
      kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('hops_message_id_id_idx').on('hops').columns(['message_id', 'id']).execute();
}

async function createApiKeys(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_keys_tenant_idx').on('api_keys').column('tenant').execute();
}
