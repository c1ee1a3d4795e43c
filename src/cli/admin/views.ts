import type { AuditEntry, Failures, InFlight, InFlightEntry, MessageDetail, MessageSummary, OperatorRef, Page, ReplayItems, ReplayJob } from './client';
import { formatFilter } from './filter';
import { compactJson, duration, keyValues, table, timestamp } from './format';

/**
 * The human output of each admin answer, as text ending in a new line (the `--json` output is
 * the answer itself). Pure functions of the answer, so each reads the same in a test.
 */

const DETAIL = { title: 'DETAIL', max: 60 };

/** `more: --cursor <c>` after a page that has a next one. */
function more(page: { nextCursor: string | null }): string {
  return page.nextCursor === null || page.nextCursor === undefined ? '' : `more: --cursor ${page.nextCursor}\n`;
}

export function messageTable(items: MessageSummary[]): string {
  return table(
    ['ID', 'TENANT', 'TYPE', 'ROUTE', 'STATUS', 'ATTEMPTS', 'REGISTRY NO', 'EXCHANGE ID', 'UPDATED'],
    items.map((m) => [m.id, m.tenant, m.type, m.route, m.status, m.attempts, m.registryNumber, m.exchangeId, timestamp(m.updatedAt)]),
  );
}

export function messagePage(page: Page<MessageSummary>): string {
  return messageTable(page.items) + more(page);
}

/** Header lines, then History, then Parked evidence and Exchanges where there are any. */
export function messageDetail(m: MessageDetail): string {
  const replays = (m.replays ?? []).map((r) => `${r.id} (${r.status})`).join(', ');
  const header = keyValues([
    ['id', m.id], ['tenant', m.tenant], ['type', m.type], ['route', m.route], ['status', m.status], ['attempts', m.attempts],
    ['registry number', m.registryNumber], ['exchange id', m.exchangeId], ['correlation id', m.correlationId],
    ['created', timestamp(m.createdAt)], ['updated', timestamp(m.updatedAt)], ['replay of', m.replayOf], ['replays', replays],
  ]);
  const history = table(
    ['AT', 'EVENT', 'STATUS', 'ATTEMPT', 'OUTCOME', 'CODE', DETAIL],
    (m.history ?? []).map((h) => [timestamp(h.at), h.event, h.status, h.attempt, h.outcome, h.code, h.detail]),
  );
  return `${header}\nHistory\n${history}${parkedSection(m)}${exchangesSection(m)}`;
}

function parkedSection(m: MessageDetail): string {
  const parked = m.parked ?? [];
  if (parked.length === 0) return '';
  const entries = parked.map((p) => {
    const lines = keyValues([['code', p.code], ['detail', p.detail], ['attempts', p.attempts], ['parkedAt', timestamp(p.parkedAt)]], '  ');
    return `${lines}  lastResponse:${evidence(p.lastResponse)}`;
  });
  return `\nParked\n${entries.join('\n')}`;
}

/** A stored answer: text as it is (a SOAP fault reads better unquoted), JSON compactly; indented under its label. */
function evidence(value: unknown): string {
  if (value === null || value === undefined) return ' —\n';
  const text = typeof value === 'string' ? value : compactJson(value, 96);
  return '\n' + text.split('\n').map((line) => `    ${line}\n`).join('');
}

function exchangesSection(m: MessageDetail): string {
  const exchanges = m.exchanges ?? [];
  if (exchanges.length === 0) return '';
  const rows = exchanges.map((x) => [x.direction, x.exchangeId, x.state, x.registryNumber, x.registryDate, x.errorCode, x.resends, timestamp(x.updatedAt)]);
  return `\nExchanges\n${table(['DIRECTION', 'EXCHANGE ID', 'STATE', 'REGISTRY NO', 'REGISTRY DATE', 'ERROR', 'RESENDS', 'UPDATED'], rows)}`;
}

export function failuresView(f: Failures): string {
  const rows = f.groups.map((g) => [g.route, g.code, g.count, timestamp(g.firstSeenAt), timestamp(g.lastSeenAt), g.lastDetail]);
  return table(['ROUTE', 'CODE', 'COUNT', 'FIRST SEEN', 'LAST SEEN', { title: 'LAST DETAIL', max: 60 }], rows) + `total parked: ${f.total}\n`;
}

export function inFlightView(f: InFlight): string {
  const age = (e: InFlightEntry) => duration(e.ageMs);
  const delivering = table(['ID', 'ROUTE', 'TENANT', 'ATTEMPT', 'AGE'], f.delivering.map((e) => [e.id, e.route, e.tenant, e.attempt, age(e)]));
  const stuck = table(['ID', 'ROUTE', 'TENANT', 'STATUS', 'AGE'], f.stuck.map((e) => [e.id, e.route, e.tenant, e.status, age(e)]));
  return `Delivering\n${delivering}\nStuck (no change for more than ${f.stuckAfterSeconds}s)\n${stuck}`;
}

/** An operator as a name, whether the API gives a name or an operator object. */
export function operatorName(op: OperatorRef | undefined): string | null {
  if (op === null || op === undefined) return null;
  return typeof op === 'string' ? op : op.name;
}

/** `Replay <id> <status>: replayed R, skipped S, failed F of T`. */
export function jobSummary(job: ReplayJob): string {
  return `Replay ${job.id} ${job.status}: replayed ${job.replayed}, skipped ${job.skipped}, failed ${job.failed} of ${job.total}\n`;
}

/** Every field of a job as `key: value` lines, the filter written as `--filter` text. */
export function jobDetail(job: ReplayJob): string {
  return keyValues([
    ['id', job.id], ['status', job.status], ['filter', formatFilter(job.filter)], ['limit', job.limit], ['ratePerSecond', job.ratePerSecond],
    ['total', job.total], ['replayed', job.replayed], ['skipped', job.skipped], ['failed', job.failed], ['createdBy', operatorName(job.createdBy)],
    ['createdAt', timestamp(job.createdAt)], ['updatedAt', timestamp(job.updatedAt)], ['finishedAt', timestamp(job.finishedAt)],
  ]);
}

export function jobTable(items: ReplayJob[]): string {
  return table(
    ['ID', 'STATUS', 'TOTAL', 'REPLAYED', 'SKIPPED', 'FAILED', 'BY', 'CREATED'],
    items.map((j) => [j.id, j.status, j.total, j.replayed, j.skipped, j.failed, operatorName(j.createdBy), timestamp(j.createdAt)]),
  );
}

/** A job's items: what it did with each message of its selection. */
export function jobItems(page: ReplayItems): string {
  const rows = page.items.map((i) => [i.seq, i.messageId, i.state, i.replayId, i.note]);
  const next = page.nextAfter === null ? '' : `more: --after ${page.nextAfter}\n`;
  return table(['SEQ', 'MESSAGE', 'STATE', 'REPLAY', { title: 'NOTE', max: 60 }], rows) + next;
}

export function auditPage(page: Page<AuditEntry>): string {
  const rows = page.items.map((a) => [
    timestamp(a.at), a.operator?.name, a.operator?.role, a.action, a.messageId ?? a.jobId, a.count, a.reason,
  ]);
  return table(['AT', 'OPERATOR', 'ROLE', 'ACTION', 'MESSAGE/JOB', 'COUNT', { title: 'REASON', max: 60 }], rows) + more(page);
}
