import type { Envelope, MessageType } from '../core/envelope';
import type { OperationsStore } from './operations';
import type { EnvioRow, NotificaStore } from './notifica';
import type { ExpedienteStore } from './expedientes';

/**
 * The message store: one row per message, an append-only hop history, API keys and named
 * sequences. SQLite (better-sqlite3) is the embedded default, PostgreSQL for production; both
 * share one kysely implementation (`createJournal(url)` in ./index.ts).
 *
 * Contract: every method that changes a message updates its status and appends its hop in one
 * transaction, so the row and its history never disagree.
 */
export type MessageStatus = 'received' | 'queued' | 'delivering' | 'delivered' | 'parked' | 'rejected' | 'replayed' | 'discarded';

/**
 * Every status, in life-cycle order. `parked` replaced `failed` (migration 004 renames old rows).
 * An operator moves a parked message on (issue 7): `replayed` (a new message, its replay, took
 * over) or `discarded` (with a reason).
 */
export const MESSAGE_STATUSES: readonly MessageStatus[] = ['received', 'queued', 'delivering', 'delivered', 'parked', 'rejected', 'replayed', 'discarded'];

export type HopOutcome = 'ok' | 'error' | 'info';

export interface HopInput {
  /** What happened, a stable word: received, queued, publish-failed, delivering, delivered, parked, retrying… */
  event: string;
  outcome: HopOutcome;
  attempt?: number;
  /** Error code from the catalog, or the destination's own code. */
  code?: string | null;
  /** Short, redacted, human text. Never citizen data. */
  detail?: string | null;
}

export interface Hop extends Required<Omit<HopInput, 'attempt'>> {
  at: string;
  status: MessageStatus;
  attempt: number;
}

export interface TransitionOptions {
  /** Apply the new status only when the current status is one of these. */
  from?: MessageStatus[];
  /**
   * Also apply it when the current status is `delivering` and was set (`updatedAt`) before this
   * ISO-8601 instant: the lease of a worker that died mid-delivery has run out. A live lease
   * (set at or after it) is left alone and the call resolves false.
   */
  staleDeliveringBefore?: string;
}

export interface NewMessage {
  envelope: Envelope;
  route: string;
  /** Business keys searchable later: registry number, Identificador_Intercambio. */
  registryNumber?: string | null;
  exchangeId?: string | null;
  /**
   * SHA-256 hex of the request that created it (intake), so a repeated `Idempotency-Key` with a
   * different request can be told apart from a true repeat.
   */
  requestHash?: string | null;
}

export interface MessageRow {
  id: string;
  tenant: string;
  type: MessageType;
  route: string;
  status: MessageStatus;
  correlationId: string;
  registryNumber: string | null;
  exchangeId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  envelope: Envelope;
  /** The message this one replays (an operator's replay, issue 7); null for every other message. */
  replayOf: string | null;
  /**
   * The idempotency key of every delivery of this message: its own id, or for a replay the id of
   * the first message of the chain, so the destination sees a replay as the same delivery.
   */
  deliveryKey: string;
}

/** What parking records: the evidence an operator needs to understand and replay a message. */
export interface ParkInput {
  /** The journal message; null when the delivery could not even be decoded (no id to file it under). */
  messageId: string | null;
  route: string;
  tenant?: string | null;
  /** Catalog code (`SIR_REJECTED`, `PIPELINE_POISON_MESSAGE`…) of the last failure. */
  code: string;
  /** Public-safe sentence (no citizen data, no hosts): it is also the hop's detail. */
  detail: string;
  /** The destination's last answer (codes, status, fault), redacted, as JSON text; null if none. */
  lastResponse?: string | null;
  /** Delivery attempts made. */
  attempts: number;
  /** The full message as it came off the queue: UTF-8 JSON text, or base64 when it was not. */
  body: string;
  bodyEncoding: 'json' | 'base64';
  /** The delivery's AMQP headers (x-death, attempt…) as JSON text. */
  headers?: string | null;
  /** Park only when the message's status is one of these. @defaultValue received, queued, delivering */
  from?: MessageStatus[];
}

export interface ParkedRow {
  id: string;
  messageId: string | null;
  route: string;
  tenant: string | null;
  code: string;
  detail: string;
  lastResponse: string | null;
  attempts: number;
  body: string;
  bodyEncoding: 'json' | 'base64';
  headers: string | null;
  /** When the message was first received (its row's createdAt); null for undecodable bodies. */
  firstSeenAt: string | null;
  parkedAt: string;
}

/** Which way an exchange goes: sent by us, or brought to us by SIR. */
export type ExchangeDirection = 'outgoing' | 'incoming';

/** An exchange's SIR life cycle (states: src/sir/lifecycle). */
export interface ExchangeRow {
  direction: ExchangeDirection;
  exchangeId: string;
  messageId: string | null;
  tenant: string | null;
  state: string;
  /** The destination's registry number and date, from its CONFIRMACIÓN. */
  registryNumber: string | null;
  registryDate: string | null;
  /** Codigo_Error of the last ERROR. */
  errorCode: string | null;
  /** Times the same fichero was sent again for want of an ACK. */
  resends: number;
  /** Incoming exchanges: the message carrying the REENVÍO or RECHAZO we sent, if any. */
  hopMessageId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a life-cycle step changes besides the state. */
export interface NewExchange {
  direction: ExchangeDirection;
  exchangeId: string;
  messageId: string | null;
  tenant: string | null;
  state: string;
  /** The fichero to keep with it (incoming exchanges). */
  fichero?: string;
}

export interface ExchangeMove {
  direction: ExchangeDirection;
  exchangeId: string;
  from: string;
  to: string;
  facts: ExchangeFacts;
  hop: HopInput;
}

export interface ExchangeFacts {
  registryNumber?: string | null;
  registryDate?: string | null;
  errorCode?: string | null;
  resends?: number;
  hopMessageId?: string;
  /** Re-points the exchange to another message and tenant (an entry forwarded back to us arrives anew). */
  messageId?: string;
  tenant?: string;
  /** Replaces the stored fichero (an incoming exchange that comes back with a new hop). */
  fichero?: string;
}

/** What a key may do within its tenant (issue 6). */
export interface ApiKeyGrants {
  /** Scopes (src/intake/scopes.ts); absent at creation = every scope there is now. */
  scopes?: string[];
  /** Offices / units it may act for; absent or null = every one of the tenant's. */
  offices?: string[] | null;
  units?: string[] | null;
  /** Its own request rate; null = the configured default (`intake.rateLimit`). */
  rateLimit?: { perSecond: number; burst: number } | null;
  /** Its own body size limit in bytes, never above `http.bodyLimitBytes`; null = that limit. */
  maxBodyBytes?: number | null;
}

export interface ApiKeyRow {
  id: string;
  tenant: string;
  name: string;
  /** First characters of the key, shown in listings; never enough to use it. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  scopes: string[];
  offices: string[] | null;
  units: string[] | null;
  rateLimit: { perSecond: number; burst: number } | null;
  maxBodyBytes: number | null;
}

/** What {@link Journal.getMessageFacts} reads in one snapshot. */
export interface MessageFacts {
  row: MessageRow;
  history: Hop[];
  exchanges: ExchangeRow[];
  envios: EnvioRow[];
}

export interface Journal {
  /** What operators do: search, replay, discard, bulk replay jobs, audit (./operations.ts). */
  readonly operations: OperationsStore;
  /** Notific@ envíos, early callbacks and the blob store (./notifica.ts). */
  readonly notifica: NotificaStore;
  /** The Carpeta Ciudadana projection of expedientes (./expedientes.ts). */
  readonly expedientes: ExpedienteStore;
  /** Create or upgrade the schema; idempotent and safe to run from several processes. */
  migrate(): Promise<void>;
  /**
   * Insert the message row (status `received`) with its first hop. Duplicate id, or a duplicate
   * (tenant, idempotencyKey) pair -> JOURNAL_CONFLICT.
   */
  insertMessage(m: NewMessage): Promise<void>;
  /**
   * Set the status and append the hop, atomically. `attempts` becomes max(attempts, hop.attempt).
   * With `from`, the status changes only if the current one is listed; otherwise the hop is
   * still appended (with the current status) and the call resolves false. Intake uses it so a
   * late `queued` never overwrites a worker's `delivering`/`delivered`.
   * Unknown id -> JOURNAL_NOT_FOUND.
   */
  transition(id: string, status: MessageStatus, hop: HopInput, opts?: TransitionOptions): Promise<boolean>;
  getMessage(id: string): Promise<MessageRow | undefined>;
  /** Hops in the order they happened. */
  getHistory(id: string): Promise<Hop[]>;
  /**
   * The message, its history, its SIR exchanges and its Notific@ envíos read as one snapshot, so
   * a view never shows a state its history does not reach yet. Unknown id -> undefined.
   */
  getMessageFacts(id: string): Promise<MessageFacts | undefined>;
  /** Next value (1, 2, 3…) of a named sequence; atomic across processes; never reused. */
  nextSequence(name: string): Promise<number>;
  createApiKey(k: { tenant: string; name: string; hash: string; prefix: string } & ApiKeyGrants): Promise<ApiKeyRow>;
  /** An active (not revoked) key by the SHA-256 hex of its secret. */
  findApiKeyByHash(hash: string): Promise<ApiKeyRow | undefined>;
  /**
   * WS-Security replay cache: record a signature key until `expiresAt`. Resolves true the first
   * time, false when the key is already held (a replay). Atomic across processes; expired keys
   * are purged as it goes.
   */
  rememberSignature(key: string, expiresAt: Date): Promise<boolean>;
  /**
   * Park a message, in one transaction: status `parked`, a `parked` hop (code, detail, attempt)
   * and a row of evidence in `parked_messages`. With a messageId whose status is not in `from`
   * (e.g. already `delivered`), nothing is parked, the hop is kept with the current status, and
   * it resolves `{ parked: false }`. Unknown messageId -> JOURNAL_NOT_FOUND. With messageId null
   * only the evidence row is written.
   */
  park(p: ParkInput): Promise<{ parked: boolean; parkedId?: string }>;
  /** Evidence rows of one message, newest first. */
  getParked(messageId: string): Promise<ParkedRow[]>;
  /** Evidence rows, newest first; one route's when given. At most `limit` (default 100). */
  listParked(opts?: { route?: string; limit?: number }): Promise<ParkedRow[]>;
  /** The tenant's message created with this Idempotency-Key, if any. */
  findByIdempotencyKey(tenant: string, key: string): Promise<MessageRow | undefined>;
  /**
   * Free the Idempotency-Key of a message that was never accepted (status `rejected`), so the
   * client's retry with the same key is taken as new. Resolves true when it freed a key.
   */
  releaseIdempotencyKey(id: string): Promise<boolean>;
  /**
   * Messages in `status` set before `before` (ISO-8601), oldest first, at most `limit`; one
   * route's when given. `delivering`: claims a dead worker left; `received`: rows whose intake
   * died between the journal write and the broker's confirm.
   */
  listStale(status: 'received' | 'delivering', before: string, limit: number, route?: string): Promise<MessageRow[]>;
  /** Messages per status (statuses with none are absent); one route's when given. */
  countByStatus(filter?: { route?: string }): Promise<Partial<Record<MessageStatus, number>>>;
  /**
   * Start an exchange's life cycle. Resolves false (and changes nothing) when that direction and
   * exchange id already have one.
   */
  openExchange(x: NewExchange): Promise<boolean>;
  /** The fichero kept with an exchange (incoming ones: as SIR brought it), if any. */
  getExchangeFichero(direction: ExchangeDirection, exchangeId: string): Promise<string | undefined>;
  getExchange(direction: ExchangeDirection, exchangeId: string): Promise<ExchangeRow | undefined>;
  /** The exchanges of one message (both directions), oldest first. */
  exchangesOf(messageId: string): Promise<ExchangeRow[]>;
  /**
   * Move an exchange from state `from` to `to` with `facts`, and append `hop` to its message's
   * history, in one transaction. Resolves false when the exchange is no longer in `from` (a
   * concurrent step won): nothing changes then, the hop included.
   */
  moveExchange(direction: ExchangeDirection, exchangeId: string, from: string, to: string, facts: ExchangeFacts, hop: HopInput): Promise<boolean>;
  /**
   * The insertion of `message` (as insertMessage) and the guarded move, in one transaction: both
   * or neither (the move's hop may go to the new message). Resolves false (nothing written) when
   * the exchange is no longer in `move.from`.
   */
  moveExchangeWith(move: ExchangeMove, message: NewMessage): Promise<boolean>;
  /** A tenant's exchanges of `direction`, newest first, at most `limit`. */
  listExchangesFor(direction: ExchangeDirection, tenant: string, limit: number): Promise<ExchangeRow[]>;
  /** Exchanges of `direction` in `state` last changed before `before` (ISO-8601), oldest first. */
  listExchanges(direction: ExchangeDirection, state: string, before: string, limit: number): Promise<ExchangeRow[]>;
  /** Cheap round trip for /readyz; throws JOURNAL_UNAVAILABLE when unreachable. */
  ping(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
  /**
   * API keys, revoked ones included (with `revokedAt`), oldest first; only `tenant`'s when given.
   * Never returns hashes.
   */
  listApiKeys(tenant?: string): Promise<ApiKeyRow[]>;
  /**
   * Revoke a key so `findApiKeyByHash` no longer finds it. Resolves `true` when this call revoked
   * an active key, `false` when no key has that id or it was already revoked.
   */
  revokeApiKey(id: string): Promise<boolean>;
}
