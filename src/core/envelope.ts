import { v7 as uuidv7 } from 'uuid';

/** Canonical message types. Each has a JSON Schema under schemas/canonical/<type>.v<N>.json. */
/**
 * Canonical types come from municipalities; `sir-fichero` (a fichero sent as it is), `sir-control`
 * (a De_Mensaje), `sir-relay` (a CIR callback relayed to a tenant's application),
 * `tenant-event` (a webhook notice) and `carpeta-push` (an expediente change for Carpeta, issue 9)
 * are messages pasarela makes itself.
 */
export type MessageType = 'registry-entry' | 'sir-control' | 'notification' | 'expediente-status' | 'sir-fichero' | 'sir-relay' | 'tenant-event' | 'carpeta-push';

/**
 * The canonical envelope every message on the bus wears. The JSON Schema
 * `schemas/canonical/envelope.v1.json` is the contract; this type mirrors it.
 */
export interface Envelope<P = unknown> {
  /** UUIDv7, assigned by pasarela at intake. */
  id: string;
  type: MessageType;
  schemaVersion: number;
  /** DIR3 code of the municipality (or the Diputación) the message belongs to. */
  tenant: string;
  source: { system: string; adapter: string };
  correlationId: string;
  causationId: string | null;
  /** When the business event happened (e.g. the registry date), ISO 8601 with offset. */
  occurredAt: string;
  /** When pasarela accepted the message, ISO 8601 UTC. */
  receivedAt: string;
  idempotencyKey: string | null;
  payload: P;
}

/** AMQP header names pasarela sets; fixed here so producers and consumers agree. */
export const Headers = {
  type: 'x-pasarela-type',
  tenant: 'x-pasarela-tenant',
  route: 'x-pasarela-route',
  attempt: 'x-pasarela-attempt',
  schemaVersion: 'x-pasarela-schema-version',
} as const;

export function newMessageId(): string {
  return uuidv7();
}

export interface NewEnvelope<P> {
  type: MessageType;
  schemaVersion: number;
  tenant: string;
  source: { system: string; adapter: string };
  payload: P;
  occurredAt?: string;
  correlationId?: string;
  causationId?: string | null;
  idempotencyKey?: string | null;
  now?: Date;
}

export function createEnvelope<P>(n: NewEnvelope<P>): Envelope<P> {
  const id = newMessageId();
  const receivedAt = (n.now ?? new Date()).toISOString();
  return {
    id,
    type: n.type,
    schemaVersion: n.schemaVersion,
    tenant: n.tenant,
    source: n.source,
    correlationId: n.correlationId ?? id,
    causationId: n.causationId ?? null,
    occurredAt: n.occurredAt ?? receivedAt,
    receivedAt,
    idempotencyKey: n.idempotencyKey ?? null,
    payload: n.payload,
  };
}
