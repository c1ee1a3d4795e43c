import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { MessageFilter, MessageSummary, Page } from '../operations';
import { toSummary } from '../rows';
import type { JournalDatabase } from '../tables';
import { isoInstant } from '../transition';
import { afterCursor, pageOf } from './cursor';

/** Columns of a summary: everything but the envelope, which holds citizen data. */
export const SUMMARY_COLUMNS = [
  'id', 'tenant', 'type', 'route', 'status', 'correlation_id', 'registry_number', 'exchange_id', 'attempts', 'replay_of', 'created_at', 'updated_at',
] as const;

/** Most messages one business key can name (a long replay chain, a busy correlation). */
const MAX_KEY_MATCHES = 1000;

/**
 * The ids a business key names, each found through its own index: message id, our registry
 * number, Identificador_Intercambio, correlation id, and the registry number the destination
 * gave (SIR's CONFIRMACIÓN), a Notific@ envío's identificador or referenciaEmisor. One UNION, so neither dialect falls back to a scan for an OR.
 */
export async function idsForKey(db: Kysely<JournalDatabase>, q: string): Promise<string[]> {
  const rows = await db
    .selectFrom('messages').select('id').where('id', '=', q)
    .union(db.selectFrom('messages').select('id').where('registry_number', '=', q))
    .union(db.selectFrom('messages').select('id').where('exchange_id', '=', q))
    .union(db.selectFrom('messages').select('id').where('correlation_id', '=', q))
    .union(db.selectFrom('sir_exchanges').select('message_id as id').where('registry_number', '=', q).where('message_id', 'is not', null).$narrowType<{ id: string }>())
    // A Notific@ envío's identificador (primary key) or our referenciaEmisor (indexed), issue 8.
    .union(db.selectFrom('notifica_envios').select('message_id as id').where('identificador', '=', q))
    .union(db.selectFrom('notifica_envios').select('message_id as id').where('referencia', '=', q))
    .limit(MAX_KEY_MATCHES)
    .execute();
  return rows.map((r) => r.id);
}

/** The filter as one WHERE expression; `keyIds` are the ids `q` resolved to (none: nothing matches). */
export function filterWhere(eb: ExpressionBuilder<JournalDatabase, 'messages'>, f: MessageFilter, keyIds?: string[]): Expression<SqlBool> {
  const terms: Array<Expression<SqlBool>> = [];
  if (f.status !== undefined) terms.push(eb('messages.status', '=', f.status));
  if (f.route !== undefined) terms.push(eb('messages.route', '=', f.route));
  if (f.tenant !== undefined) terms.push(eb('messages.tenant', '=', f.tenant));
  if (f.type !== undefined) terms.push(eb('messages.type', '=', f.type));
  if (f.from !== undefined) terms.push(eb('messages.created_at', '>=', isoInstant(f.from)));
  if (f.to !== undefined) terms.push(eb('messages.created_at', '<', isoInstant(f.to)));
  if (keyIds !== undefined) terms.push(keyIds.length ? eb('messages.id', 'in', keyIds) : sql<SqlBool>`1 = 0`);
  return terms.length ? eb.and(terms) : sql<SqlBool>`1 = 1`;
}

async function keyIdsOf(db: Kysely<JournalDatabase>, f: MessageFilter): Promise<string[] | undefined> {
  return f.q === undefined ? undefined : idsForKey(db, f.q);
}

/** Newest first (UUIDv7 ids sort by creation). */
export async function searchMessages(db: Kysely<JournalDatabase>, f: MessageFilter, page: { limit: number; cursor?: string }): Promise<Page<MessageSummary>> {
  const keyIds = await keyIdsOf(db, f);
  let query = db.selectFrom('messages').select(SUMMARY_COLUMNS).where((eb) => filterWhere(eb, f, keyIds));
  const before = afterCursor(page.cursor);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query.orderBy('id', 'desc').limit(page.limit + 1).execute();
  return pageOf(rows.map(toSummary), page.limit);
}

export async function countMessages(db: Kysely<JournalDatabase>, f: MessageFilter): Promise<number> {
  const keyIds = await keyIdsOf(db, f);
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where((eb) => filterWhere(eb, f, keyIds))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Matching ids, oldest first, at most `limit`: a bulk replay's selection, as a query to insert from. */
export async function selectionQuery(db: Kysely<JournalDatabase>, f: MessageFilter, limit: number) {
  const keyIds = await keyIdsOf(db, f);
  return db.selectFrom('messages').select('id').where((eb) => filterWhere(eb, f, keyIds)).orderBy('id', 'asc').limit(limit);
}

/** The first `n` messages of that selection, as summaries: what a dry run shows. */
export async function selectionSample(db: Kysely<JournalDatabase>, f: MessageFilter, n: number): Promise<MessageSummary[]> {
  const keyIds = await keyIdsOf(db, f);
  const rows = await db.selectFrom('messages').select(SUMMARY_COLUMNS).where((eb) => filterWhere(eb, f, keyIds)).orderBy('id', 'asc').limit(n).execute();
  return rows.map(toSummary);
}
