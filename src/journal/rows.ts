import type { Selectable, Transaction } from 'kysely';
import type { MessageType } from '../core/envelope';
import { TENANT_SCOPES } from '../core/scopes';
import type { ApiKeyGrants, ApiKeyRow, Hop, HopInput, MessageRow, MessageStatus, NewMessage, ParkedRow } from './journal';
import type { ApiKeysTable, HopsTable, JournalDatabase, MessagesTable, ParkedMessagesTable } from './tables';
import type { MessageSummary } from './operations';

/** Now as ISO-8601 UTC with milliseconds: the one timestamp format the journal stores. */
export function isoNow(): string {
  return new Date().toISOString();
}

export function messageValues(m: NewMessage, now: string): Omit<MessagesTable, 'attempts'> {
  const e = m.envelope;
  return {
    id: e.id,
    tenant: e.tenant,
    type: e.type,
    route: m.route,
    status: 'received',
    correlation_id: e.correlationId,
    registry_number: m.registryNumber ?? null,
    exchange_id: m.exchangeId ?? null,
    idempotency_key: e.idempotencyKey ?? null,
    request_hash: m.requestHash ?? null,
    created_at: now,
    updated_at: now,
    envelope: JSON.stringify(e),
    replay_of: null,
    delivery_key: null,
  };
}

export function hopValues(messageId: string, at: string, status: MessageStatus, hop: HopInput): Omit<HopsTable, 'id'> {
  return {
    message_id: messageId,
    at,
    event: hop.event,
    status,
    attempt: hop.attempt ?? 0,
    outcome: hop.outcome,
    code: hop.code ?? null,
    detail: hop.detail ?? null,
  };
}

/** The columns of a message summary: all but the envelope and the intake bookkeeping. */
type SummaryColumns = Omit<Selectable<MessagesTable>, 'envelope' | 'idempotency_key' | 'request_hash' | 'delivery_key'>;

export function toSummary(r: SummaryColumns): MessageSummary {
  return {
    id: r.id,
    tenant: r.tenant,
    type: r.type as MessageType,
    route: r.route,
    status: r.status as MessageStatus,
    correlationId: r.correlation_id,
    registryNumber: r.registry_number,
    exchangeId: r.exchange_id,
    attempts: Number(r.attempts),
    replayOf: r.replay_of ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toMessageRow(r: Selectable<MessagesTable>): MessageRow {
  return {
    ...toSummary(r),
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash ?? null,
    envelope: JSON.parse(r.envelope) as MessageRow['envelope'],
    deliveryKey: r.delivery_key ?? r.id,
  };
}

export function toHop(r: Omit<Selectable<HopsTable>, 'id' | 'message_id'>): Hop {
  return {
    at: r.at,
    event: r.event,
    status: r.status as MessageStatus,
    attempt: Number(r.attempt),
    outcome: r.outcome as Hop['outcome'],
    code: r.code ?? null,
    detail: r.detail ?? null,
  };
}

export type ApiKeyColumns = Omit<Selectable<ApiKeysTable>, 'hash'>;

/** Columns read for an API key: everything but the hash, which never leaves the journal. */
export const API_KEY_COLUMNS = [
  'id', 'tenant', 'name', 'prefix', 'created_at', 'revoked_at', 'scopes', 'offices', 'units', 'rate_per_second', 'rate_burst', 'max_body_bytes',
] as const;

export function toApiKey(r: ApiKeyColumns): ApiKeyRow {
  const perSecond = r.rate_per_second === null ? null : Number(r.rate_per_second);
  return {
    id: r.id,
    tenant: r.tenant,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    // Migration 008 fills every older key's scopes; a NULL left anyway grants nothing.
    scopes: r.scopes === null ? [] : (JSON.parse(r.scopes) as string[]),
    offices: r.offices === null ? null : (JSON.parse(r.offices) as string[]),
    units: r.units === null ? null : (JSON.parse(r.units) as string[]),
    rateLimit: perSecond === null ? null : { perSecond, burst: Number(r.rate_burst ?? perSecond) },
    maxBodyBytes: r.max_body_bytes === null ? null : Number(r.max_body_bytes),
  };
}

/** The stored columns of a new key's grants. */
export function apiKeyGrantValues(g: ApiKeyGrants) {
  return {
    scopes: JSON.stringify(g.scopes ?? [...TENANT_SCOPES]),
    offices: g.offices ? JSON.stringify(g.offices) : null,
    units: g.units ? JSON.stringify(g.units) : null,
    rate_per_second: g.rateLimit?.perSecond ?? null,
    rate_burst: g.rateLimit?.burst ?? null,
    max_body_bytes: g.maxBodyBytes ?? null,
  };
}

export function toParked(r: Selectable<ParkedMessagesTable>): ParkedRow {
  return {
    id: r.id,
    messageId: r.message_id,
    route: r.route,
    tenant: r.tenant,
    code: r.code,
    detail: r.detail,
    lastResponse: r.last_response,
    attempts: Number(r.attempts),
    body: r.body,
    bodyEncoding: r.body_encoding as ParkedRow['bodyEncoding'],
    headers: r.headers,
    firstSeenAt: r.first_seen_at,
    parkedAt: r.parked_at,
  };
}

/** The message row (status `received`) and its first hop, inside the caller's transaction. */
export async function insertMessageIn(trx: Transaction<JournalDatabase>, m: NewMessage): Promise<void> {
  const now = isoNow();
  await trx.insertInto('messages').values(messageValues(m, now)).execute();
  const hop: HopInput = { event: 'received', outcome: 'info', attempt: 0 };
  await trx.insertInto('hops').values(hopValues(m.envelope.id, now, 'received', hop)).execute();
}
