import type { Kysely, Selectable, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ExpedienteHistoryRow, ExpedienteRow, ExpedienteStore, ExpedienteUpdate, CitizenQuery, ProjectOutcome } from './expedientes';
import { FINISHED_STATES } from './expedientes';
import type { JournalAccess } from './kysely-operations';
import type { HopInput, MessageStatus } from './journal';
import { hopValues, isoNow } from './rows';
import type { ExpedientesTable, JournalDatabase } from './tables';

type Trx = Transaction<JournalDatabase>;

function toRow(r: Selectable<ExpedientesTable>): ExpedienteRow {
  return {
    expediente: r.expediente, tenant: r.tenant, managingUnit: r.managing_unit, procedure: { code: r.procedure_code, name: r.procedure_name },
    title: r.title, state: r.state, phase: r.phase, pendingAction: r.pending_action === null ? null : JSON.parse(r.pending_action),
    startedAt: r.started_at, changedAt: r.changed_at, resolvedAt: r.resolved_at, closedAt: r.closed_at, officeUrl: r.office_url,
    sequence: Number(r.sequence), messageId: r.message_id, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function values(u: ExpedienteUpdate, now: string) {
  return {
    tenant: u.tenant, managing_unit: u.managingUnit, procedure_code: u.procedure.code, procedure_name: u.procedure.name, title: u.title,
    state: u.state, phase: u.phase, pending_action: u.pendingAction === null ? null : JSON.stringify(u.pendingAction),
    started_at: u.startedAt, changed_at: u.changedAt, changed_utc: new Date(u.changedAt).toISOString(), resolved_at: u.resolvedAt, closed_at: u.closedAt, office_url: u.officeUrl,
    sequence: u.sequence, message_id: u.messageId, updated_at: now,
  };
}

/** {@link ExpedienteStore} on the journal's kysely connection; every write goes through `write`. */
export class KyselyExpedientes implements ExpedienteStore {
  readonly #a: JournalAccess;

  constructor(access: JournalAccess) {
    this.#a = access;
  }

  project(u: ExpedienteUpdate): Promise<ProjectOutcome> {
    return this.#a.run('projectExpediente', () => this.#a.write((trx) => projectIn(trx, u)));
  }

  forCitizen(documentKey: string, q: CitizenQuery): Promise<{ items: ExpedienteRow[]; total: number }> {
    // The page and the total from one snapshot: a total that disagrees with the page confuses paging.
    return this.#a.run('expedientesForCitizen', () => this.#a.snapshot(async (db) => {
      let base = db.selectFrom('expediente_parties as p').innerJoin('expedientes as e', 'e.expediente', 'p.expediente').where('p.document_key', '=', documentKey);
      if (q.open !== undefined) base = base.where('e.state', q.open ? 'not in' : 'in', [...FINISHED_STATES]);
      const [rows, count] = await Promise.all([
        base.selectAll('e').orderBy('e.changed_utc', 'desc').orderBy('e.expediente', 'asc').limit(q.limit).offset(q.offset).execute(),
        base.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirst(),
      ]);
      return { items: rows.map(toRow), total: Number(count?.n ?? 0) };
    }));
  }

  get(expediente: string): Promise<ExpedienteRow | undefined> {
    return this.#a.run('getExpediente', () => selectExpediente(this.#a.db, expediente));
  }

  history(expediente: string): Promise<ExpedienteHistoryRow[]> {
    return this.#a.run('expedienteHistory', () => selectHistory(this.#a.db, expediente));
  }

  isParty(expediente: string, documentKey: string): Promise<boolean> {
    return this.#a.run('isExpedienteParty', () => selectIsParty(this.#a.db, expediente, documentKey));
  }

  detailFor(expediente: string, documentKey: string): Promise<{ row: ExpedienteRow; history: ExpedienteHistoryRow[] } | undefined> {
    return this.#a.run('expedienteDetailFor', () => this.#a.snapshot(async (db) => {
      const row = (await selectIsParty(db, expediente, documentKey)) ? await selectExpediente(db, expediente) : undefined;
      return row && { row, history: await selectHistory(db, expediente) };
    }));
  }
}

type Db = Kysely<JournalDatabase>;

async function selectExpediente(db: Db, expediente: string): Promise<ExpedienteRow | undefined> {
  const r = await db.selectFrom('expedientes').selectAll().where('expediente', '=', expediente).executeTakeFirst();
  return r && toRow(r);
}

async function selectHistory(db: Db, expediente: string): Promise<ExpedienteHistoryRow[]> {
  const rows = await db.selectFrom('expediente_history').selectAll().where('expediente', '=', expediente).orderBy('id', 'asc').execute();
  return rows.map((r) => ({
    sequence: Number(r.sequence), state: r.state, phase: r.phase, changedAt: r.changed_at, messageId: r.message_id,
    outcome: r.outcome as ExpedienteHistoryRow['outcome'], recordedAt: r.recorded_at,
  }));
}

async function selectIsParty(db: Db, expediente: string, documentKey: string): Promise<boolean> {
  const r = await db.selectFrom('expediente_parties').select('expediente').where('expediente', '=', expediente).where('document_key', '=', documentKey).executeTakeFirst();
  return r !== undefined;
}

async function hopIn(trx: Trx, messageId: string, hop: HopInput): Promise<void> {
  const row = await trx.selectFrom('messages').select('status').where('id', '=', messageId).executeTakeFirst();
  if (row) await trx.insertInto('hops').values(hopValues(messageId, isoNow(), row.status as MessageStatus, hop)).execute();
}

async function historyIn(trx: Trx, u: ExpedienteUpdate, outcome: ExpedienteHistoryRow['outcome'], now: string): Promise<void> {
  await trx.insertInto('expediente_history').values({
    id: uuidv7(), expediente: u.expediente, sequence: u.sequence, state: u.state, phase: u.phase, changed_at: u.changedAt, message_id: u.messageId, outcome, recorded_at: now,
  }).execute();
}

/**
 * The newest sequence wins. The write is guarded on the sequence it read (an insert that does
 * nothing if the row appeared, an update only `where sequence < new`), so two updates of one
 * expediente in flight at once never let the older overwrite the newer: the loser reads again
 * and is recorded as stale or a duplicate.
 */
async function projectIn(trx: Trx, u: ExpedienteUpdate, pass = 0): Promise<ProjectOutcome> {
  const now = isoNow();
  const current = await trx.selectFrom('expedientes').select(['tenant', 'state', 'sequence', 'message_id']).where('expediente', '=', u.expediente).executeTakeFirst();
  if (current && current.tenant !== u.tenant) return { kind: 'foreign' };
  const stored = current && { state: current.state, sequence: Number(current.sequence) };
  if (current && stored && u.sequence <= stored.sequence) return ignore(trx, u, stored, current.message_id === u.messageId, now);
  const written = current
    ? Number((await trx.updateTable('expedientes').set(values(u, now)).where('expediente', '=', u.expediente).where('sequence', '<', u.sequence).executeTakeFirst()).numUpdatedRows) === 1
    : Number((await trx.insertInto('expedientes').values({ expediente: u.expediente, ...values(u, now), created_at: now }).onConflict((oc) => oc.column('expediente').doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0n) === 1;
  if (!written) {
    // Lost to a concurrent update: read again. A third read always sees a sequence at least
    // ours (two racers can each take one of our writes, never more), so this ends.
    if (pass >= 2) throw new Error(`expediente ${u.expediente} changed three times under one projection`);
    return projectIn(trx, u, pass + 1);
  }
  await trx.deleteFrom('expediente_parties').where('expediente', '=', u.expediente).execute();
  if (u.parties.length) await trx.insertInto('expediente_parties').values(u.parties.map((p) => ({ expediente: u.expediente, document_key: p.documentKey, role: p.role }))).onConflict((oc) => oc.doNothing()).execute();
  await historyIn(trx, u, 'applied', now);
  await hopIn(trx, u.messageId, {
    event: 'expediente-projected', outcome: 'ok', code: u.state,
    detail: `${u.expediente}: ${stored ? `${stored.state} (sequence ${stored.sequence})` : 'new'} -> ${u.state} (sequence ${u.sequence})`,
  });
  return { kind: 'applied', previous: stored ?? null };
}

/** Not newer than what is projected: kept as history with a hop; this very message again (a redelivery) adds nothing. */
async function ignore(trx: Trx, u: ExpedienteUpdate, stored: { state: string; sequence: number }, sameMessage: boolean, now: string): Promise<ProjectOutcome> {
  if (sameMessage) return { kind: 'duplicate', sameMessage };
  const kind = u.sequence === stored.sequence ? 'duplicate' : 'stale';
  // This message was recorded before (a redelivery of an update since overtaken): nothing again, and nothing to push.
  const seen = await trx.selectFrom('expediente_history').select('id').where('expediente', '=', u.expediente).where('message_id', '=', u.messageId).executeTakeFirst();
  if (seen) return { kind: 'stale', current: stored };
  await historyIn(trx, u, kind, now);
  await hopIn(trx, u.messageId, {
    event: kind === 'stale' ? 'expediente-stale' : 'expediente-duplicate', outcome: 'info', code: u.state,
    detail: `${u.expediente}: sequence ${u.sequence} ${kind === 'stale' ? 'is older than' : 'repeats'} the projected ${stored.sequence} (${stored.state}); ignored`,
  });
  return kind === 'stale' ? { kind, current: stored } : { kind, sameMessage: false };
}
