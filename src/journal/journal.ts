import type { Envelope, MessageType } from '../core/envelope';

/**
 * The message store: one row per message, an append-only hop history, API keys and named
 * sequences. SQLite (better-sqlite3) is the embedded default, PostgreSQL for production; both
 * share one kysely implementation (`createJournal(url)` in ./index.ts).
 *
 * Contract: every method that changes a message updates its status and appends its hop in one
 * transaction, so the row and its history never disagree.
 */
export type MessageStatus = 'received' | 'queued' | 'delivering' | 'delivered' | 'failed' | 'rejected';

export type HopOutcome = 'ok' | 'error' | 'info';

export interface HopInput {
  /** What happened, a stable word: received, queued, publish-failed, delivering, delivered, failed, retrying… */
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
}

export interface NewMessage {
  envelope: Envelope;
  route: string;
  /** Business keys searchable later: registry number, Identificador_Intercambio. */
  registryNumber?: string | null;
  exchangeId?: string | null;
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
  attempts: number;
  createdAt: string;
  updatedAt: string;
  envelope: Envelope;
}

export interface ApiKeyRow {
  id: string;
  tenant: string;
  name: string;
  /** First characters of the key, shown in listings; never enough to use it. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface Journal {
  /** Create or upgrade the schema; idempotent and safe to run from several processes. */
  migrate(): Promise<void>;
  /** Insert the message row (status `received`) with its first hop. Duplicate id -> JOURNAL_CONFLICT. */
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
  /** Next value (1, 2, 3…) of a named sequence; atomic across processes; never reused. */
  nextSequence(name: string): Promise<number>;
  createApiKey(k: { tenant: string; name: string; hash: string; prefix: string }): Promise<ApiKeyRow>;
  /** An active (not revoked) key by the SHA-256 hex of its secret. */
  findApiKeyByHash(hash: string): Promise<ApiKeyRow | undefined>;
  /**
   * WS-Security replay cache: record a signature key until `expiresAt`. Resolves true the first
   * time, false when the key is already held (a replay). Atomic across processes; expired keys
   * are purged as it goes.
   */
  rememberSignature(key: string, expiresAt: Date): Promise<boolean>;
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
