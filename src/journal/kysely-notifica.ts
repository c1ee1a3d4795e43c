import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { JournalAccess } from './kysely-operations';
import type { ApplyOutcome, BlobRow, EnvioRow, HoldBounds, NewEnvio, NoticeFor, NotificaStore, StateEvent } from './notifica';
import { heldEvent, heldEventText, toEnvio } from './notifica-rows';
import { applyIn, enviosOfIn, hopIn, lockMessage, putBlobIn } from './notifica-apply';
import type { NewMessage } from './journal';
import { isoNow } from './rows';
import type { JournalDatabase } from './tables';

type Trx = Transaction<JournalDatabase>;

/**
 * Most callbacks held for unknown identificadores at once, and most characters they may take
 * together (an acuse of 16 MiB is ~22 M in its row); past either a callback is answered 002 and
 * not held (Notific@ calls again, polling catches up). Their acuse travels in the held row, not in
 * the blob store, so nothing outlives the hold. Anyone who reaches the endpoint can report unknown
 * identificadores: this is what bounds the disk they can take.
 */
export const MAX_HELD_CALLBACKS = 10_000;
export const MAX_HELD_CHARS = 256 * 1024 * 1024;

/** pg_advisory_xact_lock key serialising holds, so two at once cannot both pass the bounds. */
const HOLD_LOCK = 0x6e6f7469; // "noti"

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

  holdEarly(event: StateEvent, bounds: HoldBounds = { callbacks: MAX_HELD_CALLBACKS, chars: MAX_HELD_CHARS }): Promise<boolean> {
    return this.#a.run('holdEarly', () => this.#a.write(async (trx) => {
      if (this.#a.kind === 'postgres') await sql`select pg_advisory_xact_lock(${HOLD_LOCK})`.execute(trx);
      const text = heldEventText(event);
      const held = await trx.selectFrom('notifica_early_callbacks')
        .select((eb) => [eb.fn.countAll<number | string | bigint>().as('n'), eb.fn.coalesce(eb.fn.sum<number | string | bigint>(eb.fn('length', ['event'])), sql.lit(0)).as('chars')])
        .executeTakeFirst();
      if (Number(held?.n ?? 0) >= bounds.callbacks || Number(held?.chars ?? 0) + text.length > bounds.chars) return false;
      await trx.insertInto('notifica_early_callbacks').values({ id: uuidv7(), identificador: event.identificador, received_at: isoNow(), event: text }).execute();
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

async function takeEarlyIn(trx: Trx, identificador: string): Promise<StateEvent[]> {
  const rows = await trx.deleteFrom('notifica_early_callbacks').where('identificador', '=', identificador).returning(['received_at', 'event']).execute();
  return rows.sort((a, b) => a.received_at.localeCompare(b.received_at)).map((r) => heldEvent(r.event));
}

