import type { Envelope } from '../src/core/envelope';
import { Errors, PasarelaError } from '../src/core/errors';
import type { Transform } from '../src/core/plugin';
import type { TenantEventPayload } from '../src/events/payload';

/**
 * The JSON body POSTed to a tenant's webhook (docs/webhooks.md). `id` is the event id (the
 * message id), the same on every attempt and equal to the `Pasarela-Delivery` header.
 */
export interface WebhookEventBody {
  id: string;
  event: string;
  tenant: string;
  messageId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function assertPayload(message: Envelope<TenantEventPayload>): void {
  const p = message.payload as Partial<TenantEventPayload> | null;
  const ok = typeof p === 'object' && p !== null && isText(p.event) && isText(p.messageId) && isText(p.occurredAt)
    && p.tenant === message.tenant && typeof p.data === 'object' && p.data !== null && !Array.isArray(p.data);
  if (!ok) {
    throw new PasarelaError(Errors.TRANSFORM_FAILED, "A tenant-event message needs event, messageId, occurredAt, an object data and the envelope's tenant", {
      problems: [{ pointer: '/payload', code: 'invalid', message: 'not a tenant-event payload' }],
    });
  }
}

/** `tenant-event` -> the webhook body. Pure; only the shape is checked. */
export const tenantEventToWebhook: Transform<TenantEventPayload, WebhookEventBody> = {
  name: 'tenant-event-to-webhook',
  from: 'tenant-event',
  to: 'webhook-event',
  apply(message: Envelope<TenantEventPayload>): WebhookEventBody {
    assertPayload(message);
    const p = message.payload;
    return { id: message.id, event: p.event, tenant: message.tenant, messageId: p.messageId, occurredAt: p.occurredAt, data: p.data };
  },
};
