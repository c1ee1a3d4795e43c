import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { JournalAccess } from './kysely-operations';
import type { ApplyOutcome, BlobRow, EnvioRow, NewEnvio, NoticeFor, NotificaStore, StateEvent } from './notifica';
import { closingDetail, heldEvent, heldEventText, stateDetail, stateOutcome, toEnvio } from './notifica-rows';
import type { HopInput, MessageStatus, NewMessage } from './journal';
import { hopValues, insertMessageIn, isoNow } from './rows';
import type { DialectKind, JournalDatabase } from './tables';

type Trx = Transaction<JournalDatabase>;

/**
 * Most callbacks held for unknown identificadores at once; past it a callback is answered 002 and
 * not held (Notific@ calls again, polling catches up). Their acuse travels in the held row, not in
 * the blob store, so nothing outlives the hold.
 */
export const MAX_HELD_CALLBACKS = 10_000;
type Db = Kysely<JournalDatabase> | Trx;

/** {@link NotificaStore} on the journal's kysely connection; every write goes through `write`. */
export class KyselyNotifica implements NotificaStore {
  readonly #a: JournalAccess;

  constructor(access: JournalAccess) {
    this.#a = access;
  }

  recordEnvios(m: Parameters<NotificaStore['recordEnvios']>[0]): Promise<{ recorded: boolean }> {
    return this.#a.run('recordEnvios', () => this.#a.write(async (trx) => {
      await lockMessage(trx, this.#a.kind, m.messageId);
      const now = isoNow();
      let inserted = 0;
      for (const e of m.envios) {
        const r = await trx.insertInto('notifica_envios').values(envioValues(m, e, now)).onConflict((oc) => oc.column('identificador').doNothing()).executeTakeFirst();
        inserted += Number(r.numInsertedOrUpdatedRows ?? 0n);
      }
      if (inserted > 0) await hopIn(trx, m.messageId, { event: 'notifica-submitted', outcome: 'ok', code: '000', detail: m.detail });
      return { recorded: inserted > 0 };
    }));
  }

  holdEarly(event: StateEvent): Promise<boolean> {
    return this.#a.run('holdEarly', () => this.#a.write(async (trx) => {
      // Anyone who reaches the endpoint can report unknown identificadores: what is held is bounded.
      const held = await trx.selectFrom('notifica_early_callbacks').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirst();
      if (Number(held?.n ?? 0) >= MAX_HELD_CALLBACKS) return false;
      await trx.insertInto('notifica_early_callbacks').values({ id: uuidv7(), identificador: event.identificador, received_at: isoNow(), event: heldEventText(event) }).execute();
      return true;
    }));
  }

  takeEarly(identificador: string): Promise<StateEvent[]> {
    return this.#a.run('takeEarly', () => this.#a.write((trx) => takeEarlyIn(trx, identificador)));
  }

  purgeEarly(before: string): Promise<number> {
    return this.#a.run('purgeEarly', () => this.#a.write(async (trx) => {
      const r = await trx.deleteFrom('notifica_early_callbacks').where('received_at', '<', new Date(before).toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    }));
  }

  applyState(event: StateEvent, notice?: NoticeFor): Promise<ApplyOutcome & { notice?: NewMessage }> {
    return this.#a.run('applyState', () => this.#a.write((trx) => applyIn(trx, this.#a.kind, event, notice)));
  }

  envio(identificador: string): Promise<EnvioRow | undefined> {
    return this.#a.run('envio', async () => {
      const r = await this.#a.db.selectFrom('notifica_envios').selectAll().where('identificador', '=', identificador).executeTakeFirst();
      return r && toEnvio(r);
    });
  }

  enviosOf(messageId: string): Promise<EnvioRow[]> {
    return this.#a.run('enviosOf', () => enviosOfIn(this.#a.db, messageId));
  }

  enviosByReference(referencia: string): Promise<EnvioRow[]> {
    return this.#a.run('enviosByReference', async () => {
      const rows = await this.#a.db.selectFrom('notifica_envios').selectAll().where('referencia', '=', referencia).execute();
      return rows.map(toEnvio);
    });
  }

  listQuiet(before: string, limit: number): Promise<EnvioRow[]> {
    const at = new Date(before).toISOString();
    return this.#a.run('listQuiet', async () => {
      const rows = await this.#a.db.selectFrom('notifica_envios').selectAll()
        .where('final', '=', 0).where('updated_at', '<', at)
        .where((eb) => eb.or([eb('checked_at', 'is', null), eb('checked_at', '<', at)]))
        .orderBy('updated_at', 'asc').limit(limit).execute();
      return rows.map(toEnvio);
    });
  }

  markChecked(identificador: string, at: string): Promise<void> {
    return this.#a.run('markChecked', () => this.#a.write(async (trx) => {
      await trx.updateTable('notifica_envios').set({ checked_at: new Date(at).toISOString() }).where('identificador', '=', identificador).execute();
    }));
  }

  setExpiry(identificador: string, expiresOn: string, detail: string): Promise<void> {
    return this.#a.run('setExpiry', () => this.#a.write(async (trx) => {
      const row = await trx.updateTable('notifica_envios').set({ expires_on: expiresOn, updated_at: isoNow() }).where('identificador', '=', identificador).returning('message_id').executeTakeFirst();
      if (row) await hopIn(trx, row.message_id, { event: 'notifica-extended', outcome: 'ok', code: '000', detail });
    }));
  }

  note(messageId: string, hop: { event: string; outcome: 'ok' | 'error' | 'info'; code?: string; detail: string }): Promise<void> {
    return this.#a.run('note', () => this.#a.write((trx) => hopIn(trx, messageId, hop)));
  }

  putBlob(content: Buffer, mediaType: string): Promise<string> {
    return this.#a.run('putBlob', () => this.#a.write((trx) => putBlobIn(trx, content, mediaType)));
  }

  getBlob(sha256: string): Promise<BlobRow | undefined> {
    return this.#a.run('getBlob', async () => {
      const r = await this.#a.db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      return r && { sha256: r.sha256, mediaType: r.media_type, size: Number(r.size), content: Buffer.from(r.content), createdAt: r.created_at };
    });
  }
}

function envioValues(m: { messageId: string; tenant: string; organismo: string; recipients: number }, e: NewEnvio, now: string) {
  return {
    identificador: e.identificador, message_id: m.messageId, tenant: m.tenant, recipient_index: e.recipientIndex, recipients: m.recipients,
    organismo: m.organismo, referencia: e.referencia, state: null, state_at: null, origin: null, receptor: null, acuse_sha256: null,
    acuse_csv: null, certified_at: null, expires_on: null, checked_at: null, created_at: now, updated_at: now,
  };
}

async function enviosOfIn(db: Db, messageId: string): Promise<EnvioRow[]> {
  const rows = await db.selectFrom('notifica_envios').selectAll().where('message_id', '=', messageId).orderBy('recipient_index', 'asc').execute();
  return rows.map(toEnvio);
}

async function takeEarlyIn(trx: Trx, identificador: string): Promise<StateEvent[]> {
  const rows = await trx.deleteFrom('notifica_early_callbacks').where('identificador', '=', identificador).returning(['received_at', 'event']).execute();
  return rows.sort((a, b) => a.received_at.localeCompare(b.received_at)).map((r) => heldEvent(r.event));
}

/** A hop on the message with its current status: a state change of an envío is history, not a status change. */
async function hopIn(trx: Trx, messageId: string, hop: HopInput): Promise<void> {
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
async function applyIn(trx: Trx, kind: DialectKind | undefined, e: StateEvent, notice?: NoticeFor): Promise<ApplyOutcome & { notice?: NewMessage }> {
  const first = await trx.selectFrom('notifica_envios').select('message_id').where('identificador', '=', e.identificador).executeTakeFirst();
  if (!first) return { kind: 'unknown' };
  await lockMessage(trx, kind, first.message_id);
  const r = (await trx.selectFrom('notifica_envios').selectAll().where('identificador', '=', e.identificador).executeTakeFirst())!;
  const envio = toEnvio(r);
  if (e.organismo !== undefined && e.organismo !== envio.organismo) return { kind: 'wrong-organismo', envio };
  if (envio.final || (envio.state === e.estado && envio.stateAt === e.at)) return { kind: 'duplicate', envio, certificateStored: await certifyIn(trx, envio, e) };
  if (envio.stateAt !== null && e.at < envio.stateAt) {
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

/** On PostgreSQL, the message row locked until the transaction ends; SQLite's single writer serialises anyway. */
async function lockMessage(trx: Trx, kind: DialectKind | undefined, messageId: string): Promise<void> {
  if (kind === 'postgres') await trx.selectFrom('messages').select('id').where('id', '=', messageId).forUpdate().execute();
}

/** When every envío of the message is final: the closing hop. Resolves whether it closed it. */
async function closeIfDone(trx: Trx, messageId: string): Promise<boolean> {
  const all = await enviosOfIn(trx, messageId);
  if (all.length === 0 || all.some((x) => !x.final)) return false;
  await hopIn(trx, messageId, { event: 'notification-closed', outcome: 'ok', detail: closingDetail(all.map((x) => x.state)) });
  return true;
}
