import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { HopInput, MessageStatus, NewMessage } from './journal';
import type { ApplyOutcome, EnvioRow, NoticeFor, StateEvent } from './notifica';
import { stateRank } from '../core/notifica-states';
import { closingDetail, stateDetail, stateOutcome, toEnvio } from './notifica-rows';
import { hopValues, insertMessageIn, isoNow } from './rows';
import type { DialectKind, JournalDatabase } from './tables';

/**
 * Applying one Notific@ report inside a transaction (the body of `journal.notifica.applyState`,
 * ./kysely-notifica.ts): the state, its hop, the certificate, the closing hop, the tenant's notice.
 */

type Trx = Transaction<JournalDatabase>;
type Db = Kysely<JournalDatabase> | Trx;

export async function enviosOfIn(db: Db, messageId: string): Promise<EnvioRow[]> {
  const rows = await db.selectFrom('notifica_envios').selectAll().where('message_id', '=', messageId).orderBy('recipient_index', 'asc').execute();
  return rows.map(toEnvio);
}

/** A hop on the message with its current status: a state change of an envío is history, not a status change. */
export async function hopIn(trx: Trx, messageId: string, hop: HopInput): Promise<void> {
  const row = await trx.selectFrom('messages').select('status').where('id', '=', messageId).executeTakeFirst();
  if (!row) return;
  await trx.insertInto('hops').values(hopValues(messageId, isoNow(), row.status as MessageStatus, hop)).execute();
}

export async function putBlobIn(trx: Trx, content: Buffer, mediaType: string): Promise<string> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  await trx.insertInto('blobs').values({ sha256, media_type: mediaType, size: content.length, content, created_at: isoNow() })
    .onConflict((oc) => oc.column('sha256').doNothing()).execute();
  return sha256;
}

/** Keep the certificate when the envío has none yet; resolves whether it stored one. */
async function certifyIn(trx: Trx, envio: EnvioRow, e: StateEvent): Promise<boolean> {
  if (!e.acuse || envio.certificate || (!e.acuse.content && !e.acuse.sha256)) return false;
  const sha256 = e.acuse.content ? await putBlobIn(trx, e.acuse.content, 'application/pdf') : e.acuse.sha256;
  await trx.updateTable('notifica_envios').set({ acuse_sha256: sha256, acuse_csv: e.acuse.csv ?? null, certified_at: e.acuse.at ?? e.at, updated_at: isoNow() })
    .where('identificador', '=', envio.identificador).where('acuse_sha256', 'is', null).execute();
  const note = e.acuse.hashMatches === false ? '; its hash is not a SHA-1 or SHA-256 digest of the content: check it' : '';
  await hopIn(trx, envio.messageId, { event: 'notifica-certified', outcome: note ? 'error' : 'ok', code: e.estado, detail: `certificate (acuse) of envío ${envio.identificador} stored, sha256 ${sha256}${note}` });
  return true;
}

/**
 * One report, serialised per notification: on PostgreSQL the message row is locked first (two
 * callbacks of one envío, or the last two envíos going final at once, would otherwise both decide
 * on what they read); SQLite has one writer. With `notice`, the tenant's notice of a change is
 * inserted in the same transaction (an outbox: it cannot be lost between the change and its publish).
 */
export async function applyIn(trx: Trx, kind: DialectKind | undefined, e: StateEvent, notice?: NoticeFor): Promise<ApplyOutcome & { notice?: NewMessage }> {
  const first = await trx.selectFrom('notifica_envios').select('message_id').where('identificador', '=', e.identificador).executeTakeFirst();
  if (!first) return { kind: 'unknown' };
  await lockMessage(trx, kind, first.message_id);
  const r = (await trx.selectFrom('notifica_envios').selectAll().where('identificador', '=', e.identificador).executeTakeFirst())!;
  const envio = toEnvio(r);
  if (e.organismo !== undefined && e.organismo !== envio.organismo) return { kind: 'wrong-organismo', envio };
  if (envio.final || (envio.state === e.estado && envio.stateAt === e.at)) return { kind: 'duplicate', envio, certificateStored: await certifyIn(trx, envio, e) };
  if (isLate(envio, e)) {
    await hopIn(trx, envio.messageId, { event: 'notifica-state-late', outcome: 'info', code: e.estado, detail: stateDetail(envio, e, true) });
    return { kind: 'late', envio, certificateStored: await certifyIn(trx, envio, e) };
  }
  await trx.updateTable('notifica_envios').set({
    state: e.estado, state_at: e.at, final: e.final ? 1 : 0, origin: e.origin ?? envio.origin,
    receptor: e.receptor ? JSON.stringify(e.receptor) : r.receptor, updated_at: isoNow(),
  }).where('identificador', '=', e.identificador).execute();
  await hopIn(trx, envio.messageId, { event: 'notifica-state', outcome: stateOutcome(e), code: e.estado, detail: stateDetail(envio, e) });
  // The certificate after the state it certifies, and the closing hop last.
  const certificateStored = await certifyIn(trx, envio, e);
  const after = { ...envio, state: e.estado, stateAt: e.at, final: e.final };
  const closed = e.final && (await closeIfDone(trx, envio.messageId));
  const changed = { kind: 'changed' as const, envio: after, previous: envio.state, closed, certificateStored };
  const message = notice?.(changed);
  if (message) await insertMessageIn(trx, message);
  return message ? { ...changed, notice: message } : changed;
}

/**
 * Older than the state held, or of the same instant and not further along (a late copy of
 * `pendiente_envio` stamped with the same second as the `enviado_deh` held must not undo it).
 */
function isLate(envio: EnvioRow, e: StateEvent): boolean {
  if (envio.stateAt === null || envio.state === null) return false;
  return e.at < envio.stateAt || (e.at === envio.stateAt && stateRank(e.estado) <= stateRank(envio.state));
}

/** On PostgreSQL, the message row locked until the transaction ends; SQLite's single writer serialises anyway. */
export async function lockMessage(trx: Trx, kind: DialectKind | undefined, messageId: string): Promise<void> {
  if (kind === 'postgres') await trx.selectFrom('messages').select('id').where('id', '=', messageId).forUpdate().execute();
}

/** When every envío of the message is final: the closing hop. Resolves whether it closed it. */
async function closeIfDone(trx: Trx, messageId: string): Promise<boolean> {
  const all = await enviosOfIn(trx, messageId);
  if (all.length === 0 || all.some((x) => !x.final)) return false;
  await hopIn(trx, messageId, { event: 'notification-closed', outcome: 'ok', detail: closingDetail(all.map((x) => x.state)) });
  return true;
}
