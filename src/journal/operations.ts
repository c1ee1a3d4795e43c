import type { Envelope, MessageType } from '../core/envelope';
import type { ExchangeRow, Hop, MessageRow, MessageStatus, ParkedRow } from './journal';
import type { EnvioRow } from './notifica';

/**
 * What operators do with the journal (issue 7): search, failures, in-flight, replay, discard,
 * bulk replay jobs, audit, operator tokens. Every action that changes a message writes its audit
 * record in the same transaction, so the audit never misses one and never shows one that did not
 * happen. Implemented by ./kysely-operations.ts, reached as `journal.operations`.
 */

export type OperatorRole = 'viewer' | 'operator' | 'admin';
export const OPERATOR_ROLES: readonly OperatorRole[] = ['viewer', 'operator', 'admin'];

export interface OperatorRow {
  id: string;
  name: string;
  role: OperatorRole;
  /** First characters of the token, shown in listings; never enough to use it. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Who did something, as the audit records it. */
export type Actor = Pick<OperatorRow, 'id' | 'name' | 'role'>;

/** The search fields, also a bulk replay's filter. Times are ISO-8601 instants on `createdAt`. */
export interface MessageFilter {
  status?: MessageStatus;
  route?: string;
  tenant?: string;
  type?: MessageType;
  from?: string;
  to?: string;
  /** A business key: message id, registry number (ours or the destination's), Identificador_Intercambio, correlation id, a Notific@ envío's identificador or referenciaEmisor. */
  q?: string;
}

/** A message without its payload (and the intake bookkeeping): what listings show. */
export type MessageSummary = Omit<MessageRow, 'envelope' | 'idempotencyKey' | 'requestHash' | 'deliveryKey'>;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface MessageDetail extends MessageSummary {
  history: Hop[];
  parked: ParkedRow[];
  exchanges: ExchangeRow[];
  /** Replays made from this message, oldest first. */
  replays: Array<Pick<MessageSummary, 'id' | 'status' | 'createdAt'>>;
  /** A notification's Notific@ envíos, in recipient order (issue 8); empty for other messages. */
  envios: EnvioRow[];
}

export interface FailureGroup {
  route: string;
  code: string;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  lastDetail: string;
}

export interface Failures {
  groups: FailureGroup[];
  /** Parked messages in all. */
  total: number;
  /** Evidence of deliveries that could not even be decoded (no message to replay). */
  undecodable: { count: number; lastSeenAt: string | null };
}

export interface InFlightRow {
  id: string;
  route: string;
  tenant: string;
  status: MessageStatus;
  attempt: number;
  /** When it entered its current status. */
  since: string;
}

export interface InFlight {
  delivering: InFlightRow[];
  /** Received, queued or delivering with no change since before the threshold. */
  stuck: InFlightRow[];
}

/** A replay, single or in a job, with or without a corrected payload. */
export interface ReplayRequest {
  messageId: string;
  actor: Actor;
  reason?: string | null;
  /**
   * edit-and-replay: the corrected payload (already validated), its RFC 6902 diff, and the
   * registry number it now carries (absent: the original's).
   */
  edit?: { payload: unknown; diff: unknown[]; registryNumber?: string | null };
  /** The routes a worker takes: a message on any other route is refused (it stays parked). Absent: not checked. */
  routes?: readonly string[];
}

/** A replay made: the new message, to publish once the transaction committed. */
export interface ReplayMade {
  originalId: string;
  replayId: string;
  route: string;
  envelope: Envelope;
}

/** A job runs until every item is settled (`completed`) or an operator cancels it; a failing item fails alone. */
export type ReplayJobStatus = 'running' | 'completed' | 'cancelled';

export interface ReplayJob {
  id: string;
  status: ReplayJobStatus;
  filter: MessageFilter;
  limit: number | null;
  ratePerSecond: number | null;
  reason: string | null;
  total: number;
  replayed: number;
  skipped: number;
  failed: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export type ReplayItemState = 'pending' | 'replayed' | 'skipped' | 'failed';
export const REPLAY_ITEM_STATES: readonly ReplayItemState[] = ['pending', 'replayed', 'skipped', 'failed'];

/** One message of a job's selection and what the job did with it. */
export interface ReplayItem {
  /** 1, 2, 3…: the order the job works in. */
  seq: number;
  messageId: string;
  state: ReplayItemState;
  replayId: string | null;
  /** Why it was skipped or failed. */
  note: string | null;
}

export interface NewReplayJob {
  filter: MessageFilter;
  limit?: number | null;
  ratePerSecond?: number | null;
  reason?: string | null;
  actor: Actor;
}

/** One step of a job: the replays it made (to publish) and whether the job is over. */
export interface JobStep {
  made: ReplayMade[];
  finished: boolean;
}

export type AuditAction = 'replay' | 'edit-and-replay' | 'discard' | 'bulk-replay' | 'cancel-replay' | 'view-payload' | 'operator-create' | 'operator-revoke';
export const AUDIT_ACTIONS: readonly AuditAction[] = ['replay', 'edit-and-replay', 'discard', 'bulk-replay', 'cancel-replay', 'view-payload', 'operator-create', 'operator-revoke'];

/** Who acts when operators are managed on the journal directly (`pasarela operators …`): whoever runs the command on the host. */
export const LOCAL_ADMIN: Actor = { id: 'local', name: 'local command line', role: 'admin' };

export interface AuditRecord {
  id: string;
  at: string;
  operator: Actor;
  action: AuditAction;
  messageId: string | null;
  jobId: string | null;
  filter: MessageFilter | null;
  count: number | null;
  reason: string | null;
  diff: unknown[] | null;
}

export interface AuditFilter {
  action?: string;
  operator?: string;
  messageId?: string;
}

export interface OperationsStore {
  /** With its `operator-create` audit record (by `by`, default LOCAL_ADMIN), in one transaction. */
  createOperator(o: { name: string; role: OperatorRole; hash: string; prefix: string }, by?: Actor): Promise<OperatorRow>;
  /** An active operator by the SHA-256 hex of its token. */
  findOperatorByHash(hash: string): Promise<OperatorRow | undefined>;
  listOperators(): Promise<OperatorRow[]>;
  /** Resolves true when this call revoked an active operator (then with its `operator-revoke` audit record). */
  revokeOperator(id: string, by?: Actor): Promise<boolean>;

  /** Newest first (by id, UUIDv7), `limit` per page. */
  searchMessages(filter: MessageFilter, page: { limit: number; cursor?: string }): Promise<Page<MessageSummary>>;
  countMessages(filter: MessageFilter): Promise<number>;
  /** The first `n` messages a bulk replay with this filter would take (oldest first): a dry run's sample. */
  selectionSample(filter: MessageFilter, n: number): Promise<MessageSummary[]>;
  messageDetail(id: string): Promise<MessageDetail | undefined>;
  failures(): Promise<Failures>;
  /** `stuckBefore`: ISO instant; at most `limit` rows in each list, oldest first. */
  inFlight(stuckBefore: string, limit: number): Promise<InFlight>;

  /**
   * Replay a parked message: in one transaction the original becomes `replayed` (with a hop
   * naming the replay), the replay is inserted as a new `received` message with `replayOf`, and
   * the audit record is written. Unknown id -> ADMIN_NOT_FOUND; not `parked` (e.g. already
   * replayed) -> ADMIN_NOT_REPLAYABLE (409), nothing written.
   */
  replay(r: ReplayRequest): Promise<ReplayMade>;
  /** `parked` -> `discarded` with the reason, hop and audit in one transaction; ADMIN_NOT_FOUND / ADMIN_NOT_REPLAYABLE as replay. */
  discard(messageId: string, actor: Actor, reason: string): Promise<void>;
  /** An audit record of an action that changes no message (e.g. reading a payload). */
  audit(action: AuditAction, actor: Actor, facts: { messageId?: string; reason?: string }): Promise<void>;
  listAudit(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<Page<AuditRecord>>;

  /** Freeze the selection (parked messages matching the filter, oldest first, at most `limit`), with its audit record. */
  createReplayJob(j: NewReplayJob): Promise<ReplayJob>;
  getReplayJob(id: string): Promise<ReplayJob | undefined>;
  listReplayJobs(limit: number): Promise<ReplayJob[]>;
  /** A job's items in their order, only those in `state` when given; paged after `afterSeq`. */
  listReplayItems(jobId: string, filter: { state?: ReplayItemState }, page: { limit: number; afterSeq?: number }): Promise<ReplayItem[]>;
  /** Take a running job no live process holds (lease expired or never taken) for `owner` until `until`. */
  claimReplayJob(owner: string, until: string): Promise<ReplayJob | undefined>;
  /**
   * Replay the job's next `n` pending items, each in the same transaction as its item's new state
   * and the job's counters; an item whose message is no longer parked is `skipped`, one whose
   * route is not among `routes` is `failed` (it stays parked). Extends the
   * lease to `until`. Resolves `finished` once no item is pending (the job is then `completed`),
   * or when the job was cancelled or the lease lost (nothing is done then).
   */
  stepReplayJob(jobId: string, owner: string, n: number, until: string, routes?: readonly string[]): Promise<JobStep>;
  /**
   * Settle the job's next pending item as `failed` (with `note`): what the runner does when a
   * step of that single item throws, so one message that cannot be replayed never blocks the rest.
   */
  failReplayItem(jobId: string, owner: string, note: string): Promise<boolean>;
  /** Give the lease up (a stopping process), so another process resumes at once. */
  releaseReplayJob(jobId: string, owner: string): Promise<void>;
  /** running -> cancelled, with its audit record; resolves false when it was not running. */
  cancelReplayJob(jobId: string, actor: Actor, reason?: string | null): Promise<boolean>;
}
