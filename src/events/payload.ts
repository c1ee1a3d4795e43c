/** The route that delivers tenant events to webhooks (routes/tenant-events-to-webhook.yaml). */
export const TENANT_EVENTS_ROUTE = 'tenant-events-to-webhook';

/** Event names pasarela emits (docs/webhooks.md lists each one's `data`). */
export const TenantEventNames = {
  /** SIR brought an entry for one of the tenant's offices; it waits in the inbox. */
  inboxEntryReceived: 'inbox.entry-received',
  /** An entry the tenant sent was refused by its destination with a RECHAZO (`04`). */
  exchangeRejected: 'sir.exchange-rejected',
  /** An entry the tenant sent came back to one of its offices as a REENVÍO (`03`). */
  exchangeReturned: 'sir.exchange-returned',
  /** An envío of a notification the tenant sent changed state in Notific@ (read, rejected, expired…). */
  notificationStateChanged: 'notification.state-changed',
} as const;

/**
 * Payload of a `tenant-event` message. The event id is the envelope id: it stays the same on
 * every attempt (the `Pasarela-Delivery` header), so receivers can de-duplicate on it.
 */
export interface TenantEventPayload {
  /** e.g. `inbox.entry-received`. */
  event: string;
  /** DIR3 code of the tenant the event is for (the envelope's tenant). */
  tenant: string;
  /** The message the event is about. */
  messageId: string;
  /** When the event happened, ISO 8601 UTC. */
  occurredAt: string;
  /** Small, non-personal facts (ids, states); never the entry itself. */
  data: Record<string, unknown>;
}
