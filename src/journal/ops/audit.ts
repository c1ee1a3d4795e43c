import type { Kysely, Selectable, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, AuditAction, AuditFilter, AuditRecord, MessageFilter, Page } from '../operations';
import { isoNow } from '../rows';
import type { AuditLogTable, JournalDatabase } from '../tables';
import { pageOf, afterCursor } from './cursor';

export interface AuditFacts {
  messageId?: string | null;
  jobId?: string | null;
  filter?: MessageFilter | null;
  count?: number | null;
  reason?: string | null;
  diff?: unknown[] | null;
}

/** Append one audit record, inside the caller's transaction (the action and its record commit together). */
export async function auditIn(trx: Transaction<JournalDatabase> | Kysely<JournalDatabase>, action: AuditAction, actor: Actor, f: AuditFacts): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: uuidv7(),
      at: isoNow(),
      operator_id: actor.id,
      operator_name: actor.name,
      operator_role: actor.role,
      action,
      message_id: f.messageId ?? null,
      job_id: f.jobId ?? null,
      filter: f.filter ? JSON.stringify(f.filter) : null,
      count: f.count ?? null,
      reason: f.reason ?? null,
      diff: f.diff ? JSON.stringify(f.diff) : null,
    })
    .execute();
}

/** Newest first. */
export async function selectAudit(db: Kysely<JournalDatabase>, f: AuditFilter, page: { limit: number; cursor?: string }): Promise<Page<AuditRecord>> {
  let query = db.selectFrom('audit_log').selectAll();
  if (f.action !== undefined) query = query.where('action', '=', f.action);
  if (f.operator !== undefined) query = query.where('operator_name', '=', f.operator);
  if (f.messageId !== undefined) {
    // The message's own records, a job's (by its id), and those of the jobs whose selection held the message.
    const id = f.messageId;
    query = query.where((eb) => eb.or([
      eb('message_id', '=', id),
      eb('job_id', '=', id),
      eb('job_id', 'in', eb.selectFrom('replay_job_items').select('job_id').where('message_id', '=', id)),
    ]));
  }
  const before = afterCursor(page.cursor);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query.orderBy('id', 'desc').limit(page.limit + 1).execute();
  return pageOf(rows.map(toAudit), page.limit);
}

function toAudit(r: Selectable<AuditLogTable>): AuditRecord {
  return {
    id: r.id,
    at: r.at,
    operator: { id: r.operator_id, name: r.operator_name, role: r.operator_role as Actor['role'] },
    action: r.action as AuditAction,
    messageId: r.message_id,
    jobId: r.job_id,
    filter: r.filter === null ? null : (JSON.parse(r.filter) as MessageFilter),
    count: r.count === null ? null : Number(r.count),
    reason: r.reason,
    diff: r.diff === null ? null : (JSON.parse(r.diff) as unknown[]),
  };
}
