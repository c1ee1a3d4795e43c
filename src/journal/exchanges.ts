import type { Kysely, Selectable } from 'kysely';
import type { ExchangeDirection, ExchangeFacts, ExchangeRow, HopInput, MessageStatus, NewExchange } from './journal';
import { hopValues, isoNow } from './rows';
import type { JournalDatabase, SirExchangesTable } from './tables';
import { isoInstant } from './transition';

type Db = Kysely<JournalDatabase>;

/** Every column but the fichero, which can be megabytes: read it only with selectExchangeFichero. */
const ROW = ['direction', 'exchange_id', 'message_id', 'tenant', 'state', 'registry_number', 'registry_date', 'error_code', 'resends', 'hop_message_id', 'created_at', 'updated_at'] as const;

function toExchange(r: Omit<Selectable<SirExchangesTable>, 'fichero'>): ExchangeRow {
  return {
    direction: r.direction as ExchangeDirection,
    exchangeId: r.exchange_id,
    messageId: r.message_id,
    tenant: r.tenant,
    state: r.state,
    registryNumber: r.registry_number,
    registryDate: r.registry_date,
    errorCode: r.error_code,
    resends: Number(r.resends),
    hopMessageId: r.hop_message_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertExchange(db: Db, x: NewExchange): Promise<boolean> {
  const now = isoNow();
  const result = await db
    .insertInto('sir_exchanges')
    .values({ direction: x.direction, exchange_id: x.exchangeId, message_id: x.messageId, tenant: x.tenant, state: x.state, fichero: x.fichero ?? null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['direction', 'exchange_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function selectExchange(db: Db, direction: ExchangeDirection, exchangeId: string): Promise<ExchangeRow | undefined> {
  const row = await db.selectFrom('sir_exchanges').select(ROW).where('direction', '=', direction).where('exchange_id', '=', exchangeId).executeTakeFirst();
  return row === undefined ? undefined : toExchange(row);
}

export async function selectExchangeFichero(db: Db, direction: ExchangeDirection, exchangeId: string): Promise<string | undefined> {
  const row = await db.selectFrom('sir_exchanges').select('fichero').where('direction', '=', direction).where('exchange_id', '=', exchangeId).executeTakeFirst();
  return row?.fichero ?? undefined;
}

export async function selectExchangesOf(db: Db, messageId: string): Promise<ExchangeRow[]> {
  const rows = await db.selectFrom('sir_exchanges').select(ROW).where('message_id', '=', messageId).orderBy('created_at', 'asc').execute();
  return rows.map(toExchange);
}

export async function selectExchanges(db: Db, direction: ExchangeDirection, state: string, before: string, limit: number): Promise<ExchangeRow[]> {
  const rows = await db
    .selectFrom('sir_exchanges')
    .select(ROW)
    .where('direction', '=', direction)
    .where('state', '=', state)
    .where('updated_at', '<', isoInstant(before))
    .orderBy('updated_at', 'asc')
    .limit(limit)
    .execute();
  return rows.map(toExchange);
}

/** The guarded move and its hop, in one transaction (see Journal.moveExchange). */
export async function updateExchange(
  db: Db, direction: ExchangeDirection, exchangeId: string, from: string, to: string, facts: ExchangeFacts, hop: HopInput,
): Promise<boolean> {
  return db.transaction().execute((trx) => moveExchangeIn(trx, direction, exchangeId, from, to, facts, hop));
}

/** The guarded move and its hop inside the caller's transaction. */
export async function moveExchangeIn(
  trx: Db, direction: ExchangeDirection, exchangeId: string, from: string, to: string, facts: ExchangeFacts, hop: HopInput,
): Promise<boolean> {
  const now = isoNow();
  const changes = {
    state: to,
    updated_at: now,
    ...(facts.registryNumber !== undefined && { registry_number: facts.registryNumber }),
    ...(facts.registryDate !== undefined && { registry_date: facts.registryDate }),
    ...(facts.errorCode !== undefined && { error_code: facts.errorCode }),
    ...(facts.resends !== undefined && { resends: facts.resends }),
    ...(facts.hopMessageId !== undefined && { hop_message_id: facts.hopMessageId }),
    ...(facts.messageId !== undefined && { message_id: facts.messageId }),
    ...(facts.tenant !== undefined && { tenant: facts.tenant }),
    ...(facts.fichero !== undefined && { fichero: facts.fichero }),
  };
  const moved = await trx
    .updateTable('sir_exchanges')
    .set(changes)
    .where('direction', '=', direction)
    .where('exchange_id', '=', exchangeId)
    .where('state', '=', from)
    .returning('message_id')
    .executeTakeFirst();
  if (!moved) return false;
  if (moved.message_id) {
    const message = await trx.selectFrom('messages').select('status').where('id', '=', moved.message_id).executeTakeFirst();
    if (message) await trx.insertInto('hops').values(hopValues(moved.message_id, now, message.status as MessageStatus, hop)).execute();
  }
  return true;
}

export async function selectExchangesFor(db: Db, direction: ExchangeDirection, tenant: string, limit: number): Promise<ExchangeRow[]> {
  const rows = await db
    .selectFrom('sir_exchanges')
    .select(ROW)
    .where('direction', '=', direction)
    .where('tenant', '=', tenant)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toExchange);
}
