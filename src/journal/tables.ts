import type { ColumnType, Generated } from 'kysely';

/** The SQL dialects the journal runs on; migrations and error mapping differ only by this. */
export type DialectKind = 'sqlite' | 'postgres';

/**
 * Timestamps are ISO-8601 UTC text with milliseconds (`2026-01-02T03:04:05.678Z`), written by
 * the journal, so they sort and compare the same way in SQLite and PostgreSQL.
 */
type IsoTimestamp = string;

export interface MessagesTable {
  id: string;
  tenant: string;
  type: string;
  route: string;
  status: string;
  correlation_id: string;
  registry_number: string | null;
  exchange_id: string | null;
  /** Unique per tenant (migration 004); NULLs never conflict. */
  idempotency_key: string | null;
  /** SHA-256 hex of the intake request that created the message (migration 004). */
  request_hash: string | null;
  attempts: Generated<number>;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
  /** The canonical envelope as JSON text (text, not jsonb, so it round-trips byte for byte). */
  envelope: string;
}

export interface HopsTable {
  /** INTEGER AUTOINCREMENT on SQLite, BIGSERIAL on PostgreSQL (which pg returns as a string). */
  id: Generated<number | string>;
  message_id: string;
  at: IsoTimestamp;
  event: string;
  status: string;
  attempt: number;
  outcome: string;
  code: string | null;
  detail: string | null;
}

export interface ApiKeysTable {
  id: string;
  tenant: string;
  name: string;
  /** SHA-256 hex of the key's secret; unique. */
  hash: string;
  prefix: string;
  created_at: IsoTimestamp;
  revoked_at: IsoTimestamp | null;
  /** JSON array of scopes (migration 008 filled those of older keys). */
  scopes: string | null;
  /** JSON arrays; NULL = every office / unit of the tenant. */
  offices: string | null;
  units: string | null;
  rate_per_second: number | null;
  rate_burst: number | null;
  max_body_bytes: number | null;
}

export interface SequencesTable {
  name: string;
  /** BIGINT: PostgreSQL returns it as a string, SQLite as a number. */
  value: ColumnType<number | string | bigint, number, number>;
}

export interface WssecReplayTable {
  /** SHA-256 hex of a SignatureValue. */
  key: string;
  expires_at: IsoTimestamp;
}

/** Evidence of a parked delivery (migration 004): one row per park, never updated. */
export interface ParkedMessagesTable {
  /** UUIDv7, so ids sort in parking order too. */
  id: string;
  /** Null when the delivery could not be decoded into a message. */
  message_id: string | null;
  route: string;
  tenant: string | null;
  code: string;
  detail: string;
  last_response: string | null;
  attempts: number;
  body: string;
  /** `json` (UTF-8 JSON text) or `base64`. */
  body_encoding: string;
  headers: string | null;
  first_seen_at: IsoTimestamp | null;
  parked_at: IsoTimestamp;
}

export interface SirExchangesTable {
  direction: string;
  exchange_id: string;
  message_id: string | null;
  tenant: string | null;
  state: string;
  registry_number: string | null;
  registry_date: string | null;
  error_code: string | null;
  resends: Generated<number>;
  /** The fichero of an incoming exchange as SIR brought it (migration 006); null for outgoing ones. */
  fichero: string | null;
  /** The message carrying our REENVÍO/RECHAZO of an incoming exchange (migration 007). */
  hop_message_id: string | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

/** The kysely typing of the journal's schema (after all migrations). */
export interface JournalDatabase {
  messages: MessagesTable;
  hops: HopsTable;
  api_keys: ApiKeysTable;
  sequences: SequencesTable;
  wssec_replay: WssecReplayTable;
  sir_exchanges: SirExchangesTable;
  parked_messages: ParkedMessagesTable;
}
