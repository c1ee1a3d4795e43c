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
  idempotency_key: string | null;
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

/** The kysely typing of the journal's schema (after all migrations). */
export interface JournalDatabase {
  messages: MessagesTable;
  hops: HopsTable;
  api_keys: ApiKeysTable;
  sequences: SequencesTable;
  wssec_replay: WssecReplayTable;
}
