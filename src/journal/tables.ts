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
  /** The message this one replays (migration 009); null for every other message. */
  replay_of: string | null;
  /** A replay's idempotency key toward its destination: the first message of its chain (migration 009); null = its own id. */
  delivery_key: string | null;
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

/** Operator tokens (migration 009): like API keys, hashed, but with a role and no tenant. */
export interface OperatorsTable {
  id: string;
  name: string;
  /** viewer | operator | admin */
  role: string;
  hash: string;
  prefix: string;
  created_at: IsoTimestamp;
  revoked_at: IsoTimestamp | null;
}

/** One operator action (migration 009); never updated. */
export interface AuditLogTable {
  /** UUIDv7: sorts in time order. */
  id: string;
  at: IsoTimestamp;
  operator_id: string;
  operator_name: string;
  operator_role: string;
  action: string;
  message_id: string | null;
  job_id: string | null;
  /** JSON text of a bulk action's filter. */
  filter: string | null;
  count: number | null;
  reason: string | null;
  /** JSON text of an edit's RFC 6902 patch. */
  diff: string | null;
}

export interface ReplayJobsTable {
  id: string;
  /** running | completed | cancelled | failed */
  status: string;
  filter: string;
  max_items: number | null;
  rate_per_second: number | null;
  reason: string | null;
  total: number;
  replayed: Generated<number>;
  skipped: Generated<number>;
  failed: Generated<number>;
  operator_id: string;
  operator_name: string;
  /** The process working on it, and until when its claim holds (renewed while it works). */
  lease_owner: string | null;
  lease_until: IsoTimestamp | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
  finished_at: IsoTimestamp | null;
}

/** A bulk replay's selection, frozen at creation (migration 009). */
export interface ReplayJobItemsTable {
  job_id: string;
  /** 1, 2, 3…: the order the job works in. */
  seq: number;
  message_id: string;
  /** pending | replayed | skipped | failed */
  state: string;
  replay_id: string | null;
  note: string | null;
}

/** The blob store (migration 010): content-addressed by SHA-256 hex, written once. */
export interface BlobsTable {
  sha256: string;
  media_type: string;
  size: number;
  content: Buffer;
  created_at: IsoTimestamp;
}

/** One Notific@ envío (migration 010), keyed by Notific@'s identificador. */
export interface NotificaEnviosTable {
  identificador: string;
  message_id: string;
  tenant: string;
  /** 0-based position of its recipient in the notification, and how many recipients it has. */
  recipient_index: number;
  recipients: number;
  organismo: string;
  /** The referenciaEmisor pasarela stamped on it. */
  referencia: string;
  /** Notific@'s estado; null until the first state arrives. */
  state: string | null;
  /** fechaEstado of the current state, ISO-8601 UTC. */
  state_at: IsoTimestamp | null;
  /** 1 once the state is final. */
  final: Generated<number>;
  origin: string | null;
  /** JSON text {nif, name, link} of who received it; citizen data, never in hops or logs. */
  receptor: string | null;
  acuse_sha256: string | null;
  acuse_csv: string | null;
  certified_at: IsoTimestamp | null;
  /** Expiry date (YYYY-MM-DD) Notific@ confirmed after an extension. */
  expires_on: string | null;
  /** Last time polling asked Notific@ about it. */
  checked_at: IsoTimestamp | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

export interface NotificaEarlyCallbacksTable {
  id: string;
  identificador: string;
  received_at: IsoTimestamp;
  /** JSON text of the parsed state event (its acuse already in `blobs`, by hash). */
  event: string;
}

/** The current state of one expediente (migration 011), by its ENI identifier. */
export interface ExpedientesTable {
  expediente: string;
  tenant: string;
  managing_unit: string;
  procedure_code: string;
  procedure_name: string;
  title: string;
  state: string;
  phase: string | null;
  /** JSON text {description, dueOn?}. */
  pending_action: string | null;
  started_at: IsoTimestamp;
  /** As the source wrote it (its offset kept), for display. */
  changed_at: string;
  /** The same instant as ISO-8601 UTC (migration 012), for ordering. */
  changed_utc: IsoTimestamp;
  resolved_at: IsoTimestamp | null;
  closed_at: IsoTimestamp | null;
  office_url: string;
  /** BIGINT: PostgreSQL returns it as a string. */
  sequence: ColumnType<number | string | bigint, number, number>;
  message_id: string;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

/** Who may see an expediente (migration 011): SHA-256 hex of the identity document number. */
export interface ExpedientePartiesTable {
  expediente: string;
  document_key: string;
  role: string;
}

/** Every update of an expediente, taken or ignored (migration 011). */
export interface ExpedienteHistoryTable {
  /** UUIDv7: sorts in arrival order. */
  id: string;
  expediente: string;
  sequence: ColumnType<number | string | bigint, number, number>;
  state: string;
  phase: string | null;
  changed_at: IsoTimestamp;
  message_id: string;
  /** applied | stale | duplicate */
  outcome: string;
  recorded_at: IsoTimestamp;
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
  operators: OperatorsTable;
  audit_log: AuditLogTable;
  replay_jobs: ReplayJobsTable;
  replay_job_items: ReplayJobItemsTable;
  blobs: BlobsTable;
  notifica_envios: NotificaEnviosTable;
  notifica_early_callbacks: NotificaEarlyCallbacksTable;
  expedientes: ExpedientesTable;
  expediente_parties: ExpedientePartiesTable;
  expediente_history: ExpedienteHistoryTable;
}
