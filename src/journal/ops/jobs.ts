import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, JobStep, MessageFilter, NewReplayJob, ReplayItem, ReplayItemState, ReplayJob, ReplayJobStatus, ReplayMade } from '../operations';
import { isoNow } from '../rows';
import type { JournalDatabase, ReplayJobsTable } from '../tables';
import { auditIn } from './audit';
import { isRefusal, refusalNote, replayIn } from './replay';
import { selectionQuery } from './search';

type Db = Kysely<JournalDatabase>;
type Trx = Transaction<JournalDatabase>;

/** The most a job selects when no limit is given. */
export const MAX_JOB_ITEMS = 1_000_000;

export function toJob(r: Selectable<ReplayJobsTable>): ReplayJob {
  return {
    id: r.id,
    status: r.status as ReplayJobStatus,
    filter: JSON.parse(r.filter) as MessageFilter,
    limit: r.max_items === null ? null : Number(r.max_items),
    ratePerSecond: r.rate_per_second === null ? null : Number(r.rate_per_second),
    reason: r.reason,
    total: Number(r.total),
    replayed: Number(r.replayed),
    skipped: Number(r.skipped),
    failed: Number(r.failed),
    createdBy: r.operator_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

/**
 * The job, its frozen selection (parked messages only, whatever the filter says of status) and
 * its audit record, in one transaction. The selection is copied by ONE `INSERT … SELECT` inside
 * the database: no id passes through this process, so a large selection holds the journal (and,
 * on SQLite, the event loop) as briefly as it can. A job with nothing to do is created `completed`.
 */
export async function insertJob(trx: Trx, j: NewReplayJob): Promise<ReplayJob> {
  const filter: MessageFilter = { ...j.filter, status: 'parked' };
  const now = isoNow();
  const id = uuidv7();
  const row = {
    id, status: 'running', filter: JSON.stringify(filter), max_items: j.limit ?? null, rate_per_second: j.ratePerSecond ?? null,
    reason: j.reason ?? null, total: 0, operator_id: j.actor.id, operator_name: j.actor.name,
    lease_owner: null, lease_until: null, created_at: now, updated_at: now, finished_at: null as string | null,
  };
  await trx.insertInto('replay_jobs').values(row).execute();
  const selection = (await selectionQuery(trx, filter, j.limit ?? MAX_JOB_ITEMS)).as('sel');
  const inserted = await trx
    .insertInto('replay_job_items')
    .columns(['job_id', 'seq', 'message_id', 'state'])
    .expression(trx.selectFrom(selection).select([
      sql<string>`cast(${id} as text)`.as('job_id'),
      sql<number>`row_number() over (order by sel.id)`.as('seq'),
      'sel.id as message_id',
      sql<string>`'pending'`.as('state'),
    ]))
    .executeTakeFirst();
  const total = Number(inserted.numInsertedOrUpdatedRows ?? 0n);
  const done = { total, ...(total === 0 && { status: 'completed', finished_at: now }) };
  await trx.updateTable('replay_jobs').set(done).where('id', '=', id).execute();
  await auditIn(trx, 'bulk-replay', j.actor, { jobId: id, filter, count: total, reason: j.reason ?? null });
  return toJob({ ...row, ...done, replayed: 0, skipped: 0, failed: 0 });
}

export async function selectJob(db: Db, id: string): Promise<ReplayJob | undefined> {
  const row = await db.selectFrom('replay_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toJob(row);
}

export async function selectJobs(db: Db, limit: number): Promise<ReplayJob[]> {
  const rows = await db.selectFrom('replay_jobs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toJob);
}

export async function selectItems(db: Db, jobId: string, state: ReplayItemState | undefined, limit: number, afterSeq = 0): Promise<ReplayItem[]> {
  let query = db.selectFrom('replay_job_items').select(['seq', 'message_id', 'state', 'replay_id', 'note']).where('job_id', '=', jobId).where('seq', '>', afterSeq);
  if (state !== undefined) query = query.where('state', '=', state);
  const rows = await query.orderBy('seq', 'asc').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), messageId: r.message_id, state: r.state as ReplayItemState, replayId: r.replay_id, note: r.note }));
}

/** The oldest running job whose lease is free or expired, now leased to `owner`. */
export async function claimJob(trx: Trx, owner: string, until: string): Promise<ReplayJob | undefined> {
  const now = isoNow();
  const free = await trx.selectFrom('replay_jobs').select('id').where('status', '=', 'running')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('id', 'asc').limit(1).executeTakeFirst();
  if (!free) return undefined;
  // Guarded: two processes racing for the same job, one wins.
  const taken = await trx.updateTable('replay_jobs').set({ lease_owner: owner, lease_until: until, updated_at: now })
    .where('id', '=', free.id).where('status', '=', 'running')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  if (taken.numUpdatedRows === 0n) return undefined;
  return selectJob(trx, free.id);
}

/**
 * Up to `n` pending items, each replayed (or skipped: no longer parked, e.g. replayed by a
 * concurrent job or by hand) with its item state and the job's counters in this transaction.
 * Nothing happens when `owner` no longer holds the running job (cancelled, or the lease was
 * taken over after it expired).
 */
export async function stepJob(trx: Trx, jobId: string, owner: string, n: number, until: string, routes?: readonly string[]): Promise<JobStep> {
  const now = isoNow();
  const held = await trx.updateTable('replay_jobs').set({ lease_until: until, updated_at: now })
    .where('id', '=', jobId).where('status', '=', 'running').where('lease_owner', '=', owner).executeTakeFirst();
  if (held.numUpdatedRows === 0n) return { made: [], finished: true };
  const job = await trx.selectFrom('replay_jobs').select(['operator_id', 'operator_name', 'reason']).where('id', '=', jobId).executeTakeFirstOrThrow();
  const actor: Actor = { id: job.operator_id, name: job.operator_name, role: 'operator' };
  const items = await trx.selectFrom('replay_job_items').select(['seq', 'message_id']).where('job_id', '=', jobId).where('state', '=', 'pending')
    .orderBy('seq', 'asc').limit(n).execute();
  const made: ReplayMade[] = [];
  let skipped = 0;
  let failed = 0;
  for (const item of items) {
    const outcome = await replayIn(trx, { messageId: item.message_id, actor, reason: job.reason, routes }, false);
    const done = !isRefusal(outcome);
    if (done) made.push(outcome);
    // A message whose route is gone stays parked and counts as failed; one no longer parked was dealt with (skipped).
    const state = done ? 'replayed' : outcome.reason === 'no-route' ? 'failed' : 'skipped';
    if (state === 'failed') failed++;
    else if (state === 'skipped') skipped++;
    await trx.updateTable('replay_job_items').set({ state, replay_id: done ? outcome.replayId : null, note: done ? null : refusalNote(outcome) })
      .where('job_id', '=', jobId).where('seq', '=', item.seq).execute();
  }
  const finished = items.length < n;
  await trx.updateTable('replay_jobs').set({
    replayed: sql<number>`replayed + ${made.length}`,
    skipped: sql<number>`skipped + ${skipped}`,
    failed: sql<number>`failed + ${failed}`,
    ...(finished && { status: 'completed', finished_at: now, lease_owner: null, lease_until: null }),
  }).where('id', '=', jobId).execute();
  return { made, finished };
}

/**
 * Settle the next pending item as `failed` with `note` (a step of that one item threw, e.g. a row
 * that cannot be copied), so one bad message never blocks the rest of the job. Resolves false
 * when `owner` does not hold the running job or nothing is pending.
 */
export async function failNextItem(trx: Trx, jobId: string, owner: string, note: string): Promise<boolean> {
  const held = await trx.selectFrom('replay_jobs').select('id').where('id', '=', jobId).where('status', '=', 'running').where('lease_owner', '=', owner).executeTakeFirst();
  if (!held) return false;
  const item = await trx.selectFrom('replay_job_items').select('seq').where('job_id', '=', jobId).where('state', '=', 'pending').orderBy('seq', 'asc').limit(1).executeTakeFirst();
  if (!item) return false;
  await trx.updateTable('replay_job_items').set({ state: 'failed', note: note.slice(0, 500) }).where('job_id', '=', jobId).where('seq', '=', item.seq).execute();
  await trx.updateTable('replay_jobs').set({ failed: sql<number>`failed + 1`, updated_at: isoNow() }).where('id', '=', jobId).execute();
  return true;
}

export async function releaseJob(db: Db | Trx, jobId: string, owner: string): Promise<void> {
  await db.updateTable('replay_jobs').set({ lease_owner: null, lease_until: null, updated_at: isoNow() })
    .where('id', '=', jobId).where('lease_owner', '=', owner).execute();
}

export async function cancelJob(trx: Trx, jobId: string, actor: Actor, reason: string | null): Promise<boolean> {
  const now = isoNow();
  const result = await trx.updateTable('replay_jobs').set({ status: 'cancelled', finished_at: now, updated_at: now, lease_owner: null, lease_until: null })
    .where('id', '=', jobId).where('status', '=', 'running').executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await auditIn(trx, 'cancel-replay', actor, { jobId, reason });
  return true;
}
