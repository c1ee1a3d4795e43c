import type { Kysely, Transaction } from 'kysely';
import type {
  Actor, AuditAction, AuditFilter, AuditRecord, Failures, InFlight, JobStep, MessageDetail, MessageFilter, MessageSummary, NewReplayJob,
  OperationsStore, OperatorRole, OperatorRow, Page, ReplayItem, ReplayItemState, ReplayJob, ReplayMade, ReplayRequest,
} from './operations';
import { LOCAL_ADMIN } from './operations';
import type { DialectKind, JournalDatabase } from './tables';
import { auditIn, selectAudit } from './ops/audit';
import { cancelJob, claimJob, failNextItem, insertJob, releaseJob, selectItems, selectJob, selectJobs, stepJob } from './ops/jobs';
import { insertOperator, markOperatorRevoked, selectOperatorByHash, selectOperators } from './ops/operators';
import { discardIn, isRefusal, refusalError, replayIn } from './ops/replay';
import { countMessages, searchMessages, selectionSample } from './ops/search';
import { selectDetail, selectFailures, selectInFlight } from './ops/views';

/** How the journal lends its connection: reads, writes in a (group-committed) transaction, and error mapping. */
export interface JournalAccess {
  db: Kysely<JournalDatabase>;
  /** The dialect, for the few statements that differ (row locks exist on PostgreSQL only). */
  kind?: DialectKind;
  write<T>(fn: (trx: Transaction<JournalDatabase>) => Promise<T>): Promise<T>;
  run<T>(operation: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Several reads as one consistent snapshot. A view assembled from parallel reads on a pool
   * (PostgreSQL) can otherwise show a state next to a history that does not reach it yet.
   */
  snapshot<T>(fn: (db: Kysely<JournalDatabase>) => Promise<T>): Promise<T>;
}

/** {@link OperationsStore} on the journal's kysely connection; every write goes through `write`. */
export class KyselyOperations implements OperationsStore {
  readonly #a: JournalAccess;

  constructor(access: JournalAccess) {
    this.#a = access;
  }

  createOperator(o: { name: string; role: OperatorRole; hash: string; prefix: string }, by: Actor = LOCAL_ADMIN): Promise<OperatorRow> {
    return this.#a.run('createOperator', () => this.#a.write(async (trx) => {
      const row = await insertOperator(trx, o);
      await auditIn(trx, 'operator-create', by, { reason: `${row.name} (${row.id}) as ${row.role}` });
      return row;
    }));
  }

  findOperatorByHash(hash: string): Promise<OperatorRow | undefined> {
    return this.#a.run('findOperatorByHash', () => selectOperatorByHash(this.#a.db, hash));
  }

  listOperators(): Promise<OperatorRow[]> {
    return this.#a.run('listOperators', () => selectOperators(this.#a.db));
  }

  revokeOperator(id: string, by: Actor = LOCAL_ADMIN): Promise<boolean> {
    return this.#a.run('revokeOperator', () => this.#a.write(async (trx) => {
      const revoked = await markOperatorRevoked(trx, id);
      if (revoked) await auditIn(trx, 'operator-revoke', by, { reason: `operator ${id}` });
      return revoked;
    }));
  }

  searchMessages(filter: MessageFilter, page: { limit: number; cursor?: string }): Promise<Page<MessageSummary>> {
    return this.#a.run('searchMessages', () => searchMessages(this.#a.db, filter, page));
  }

  countMessages(filter: MessageFilter): Promise<number> {
    return this.#a.run('countMessages', () => countMessages(this.#a.db, filter));
  }

  selectionSample(filter: MessageFilter, n: number): Promise<MessageSummary[]> {
    return this.#a.run('selectionSample', () => selectionSample(this.#a.db, filter, n));
  }

  messageDetail(id: string): Promise<MessageDetail | undefined> {
    return this.#a.run('messageDetail', () => this.#a.snapshot((db) => selectDetail(db, id)));
  }

  failures(): Promise<Failures> {
    return this.#a.run('failures', () => selectFailures(this.#a.db));
  }

  inFlight(stuckBefore: string, limit: number): Promise<InFlight> {
    return this.#a.run('inFlight', () => selectInFlight(this.#a.db, stuckBefore, limit));
  }

  replay(r: ReplayRequest): Promise<ReplayMade> {
    return this.#a.run('replay', async () => {
      const outcome = await this.#a.write((trx) => replayIn(trx, r, true));
      if (isRefusal(outcome)) throw refusalError(r.messageId, outcome);
      return outcome;
    });
  }

  discard(messageId: string, actor: Actor, reason: string): Promise<void> {
    return this.#a.run('discard', async () => {
      const refused = await this.#a.write((trx) => discardIn(trx, messageId, actor, reason));
      if (refused) throw refusalError(messageId, refused);
    });
  }

  audit(action: AuditAction, actor: Actor, facts: { messageId?: string; reason?: string }): Promise<void> {
    return this.#a.run('audit', () => this.#a.write((trx) => auditIn(trx, action, actor, facts)));
  }

  listAudit(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<Page<AuditRecord>> {
    return this.#a.run('listAudit', () => selectAudit(this.#a.db, filter, page));
  }

  createReplayJob(j: NewReplayJob): Promise<ReplayJob> {
    return this.#a.run('createReplayJob', () => this.#a.write((trx) => insertJob(trx, j)));
  }

  getReplayJob(id: string): Promise<ReplayJob | undefined> {
    return this.#a.run('getReplayJob', () => selectJob(this.#a.db, id));
  }

  listReplayJobs(limit: number): Promise<ReplayJob[]> {
    return this.#a.run('listReplayJobs', () => selectJobs(this.#a.db, limit));
  }

  listReplayItems(jobId: string, filter: { state?: ReplayItemState }, page: { limit: number; afterSeq?: number }): Promise<ReplayItem[]> {
    return this.#a.run('listReplayItems', () => selectItems(this.#a.db, jobId, filter.state, page.limit, page.afterSeq));
  }

  claimReplayJob(owner: string, until: string): Promise<ReplayJob | undefined> {
    return this.#a.run('claimReplayJob', () => this.#a.write((trx) => claimJob(trx, owner, until)));
  }

  stepReplayJob(jobId: string, owner: string, n: number, until: string, routes?: readonly string[]): Promise<JobStep> {
    return this.#a.run('stepReplayJob', () => this.#a.write((trx) => stepJob(trx, jobId, owner, n, until, routes)));
  }

  failReplayItem(jobId: string, owner: string, note: string): Promise<boolean> {
    return this.#a.run('failReplayItem', () => this.#a.write((trx) => failNextItem(trx, jobId, owner, note)));
  }

  releaseReplayJob(jobId: string, owner: string): Promise<void> {
    return this.#a.run('releaseReplayJob', () => this.#a.write((trx) => releaseJob(trx, jobId, owner)));
  }

  cancelReplayJob(jobId: string, actor: Actor, reason?: string | null): Promise<boolean> {
    return this.#a.run('cancelReplayJob', () => this.#a.write((trx) => cancelJob(trx, jobId, actor, reason ?? null)));
  }
}
