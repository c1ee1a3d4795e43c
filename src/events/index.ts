import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import type { Config } from '../config/types';
import { createEnvelope } from '../core/envelope';
import type { Journal, NewMessage } from '../journal/journal';
import { enqueueMessage } from '../pipeline/enqueue';
import type { TenantEvent, TenantEvents } from '../sir/inbound/hooks';
import { TENANT_EVENTS_ROUTE, type TenantEventPayload } from './payload';
import { assertWebhookConfigs, wantsEvent } from './webhook-config';

export { TENANT_EVENTS_ROUTE, TenantEventNames, type TenantEventPayload } from './payload';
export { assertWebhookConfigs, resolveWebhookSecrets, wantsEvent, MIN_SECRET_LENGTH } from './webhook-config';

export interface TenantEventsDeps {
  config: Pick<Config, 'tenants'>;
  journal: Journal;
  bus: Bus;
  logger: Logger;
}

/** Who produced the event, as the envelope's `source`. */
const SOURCE = { system: 'pasarela', adapter: 'tenant-events@1' } as const;

/**
 * The message carrying tenant event `e` for its webhook, or undefined when the tenant has no
 * webhook that wants it. Pure: for callers that insert it in a transaction of their own (an
 * outbox) and publish it after the commit (`publishRecorded`).
 */
export function tenantEventMessage(tenants: Config['tenants'], e: TenantEvent, correlationId: string, now = new Date()): NewMessage | undefined {
  const tenant = tenants.find((t) => t.code === e.tenant);
  if (!wantsEvent(tenant?.webhook, e.event)) return undefined;
  const payload: TenantEventPayload = { event: e.event, tenant: e.tenant, messageId: e.messageId, occurredAt: now.toISOString(), data: e.data ?? {} };
  const envelope = createEnvelope({
    type: 'tenant-event', schemaVersion: 1, tenant: e.tenant, source: SOURCE, payload, now, correlationId, causationId: e.messageId,
  });
  return { envelope, route: TENANT_EVENTS_ROUTE };
}

/**
 * The tenant events publisher (docs/webhooks.md). `publish` does nothing for a tenant without a
 * webhook, or whose webhook's `events` list leaves the event out; otherwise it makes a
 * `tenant-event` message and puts it on the `tenant-events-to-webhook` route with intake's
 * guarantee (journal row, then confirmed publish): from there it is delivered, retried and
 * parked like any message. Throws CONFIG_INVALID at creation when a webhook block is unusable.
 */
export function createTenantEvents(deps: TenantEventsDeps): TenantEvents {
  assertWebhookConfigs(deps.config.tenants);
  return {
    async publish(e: TenantEvent): Promise<void> {
      const tenant = deps.config.tenants.find((t) => t.code === e.tenant);
      if (!wantsEvent(tenant?.webhook, e.event)) return;
      // Same correlation as the message it is about, so one search finds both.
      const cause = await deps.journal.getMessage(e.messageId);
      const { envelope } = tenantEventMessage(deps.config.tenants, e, cause?.correlationId ?? e.messageId)!;
      const result = await enqueueMessage(deps, { envelope, route: TENANT_EVENTS_ROUTE, detail: e.event });
      deps.logger.info({ tenant: e.tenant, event: e.event, eventId: envelope.id, messageId: e.messageId, result }, 'tenant event queued for its webhook');
    },
  };
}
