import http from 'node:http';
import https from 'node:https';
import type { WebhookEventBody } from '../../../transforms/tenant-event-to-webhook';
import { Errors, PasarelaError } from '../../core/errors';
import type { Connector, DeliveryContext, PluginContext, Receipt } from '../../core/plugin';
import { resolveWebhookSecrets } from '../../events/webhook-config';
import { postToReceiver } from '../http/receiver';
import { classifyStatus, webhookTarget } from './classify';
import { assertWebhookConnectorConfig, webhookConfigSchema, type WebhookConnectorConfig } from './config';
import { signedHeaders } from './sign';

export type { WebhookConnectorConfig } from './config';
export { WebhookHeaders, webhookSignature } from './sign';

interface Target {
  url: string;
  secret: string;
}

/** What `init` builds and `close` releases. */
interface Session {
  /** By tenant code: where its events go and the secret they are signed with. */
  targets: Map<string, Target>;
  timeoutMs: number;
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

export interface WebhookConnectorOptions {
  /** Clock for `Pasarela-Timestamp`, in milliseconds. @defaultValue Date.now */
  now?: () => number;
}

/**
 * Webhook connector (docs/webhooks.md): POSTs an event's JSON body to its tenant's
 * `webhook.url`, signed with the tenant's HMAC secret (`Pasarela-Signature`). The tenants come
 * from the plugin context; their secrets are read once, at `init`, which fails with
 * CONFIG_INVALID when one is missing. `Pasarela-Delivery` is the event id on every attempt, so a
 * receiver that answered 2xx and is called again (a lost answer) can de-duplicate.
 */
export function createWebhookConnector(opts: WebhookConnectorOptions = {}): Connector<WebhookConnectorConfig, WebhookEventBody> {
  const now = opts.now ?? Date.now;
  let session: Session | undefined;
  return {
    name: 'webhook',
    accepts: ['webhook-event'],
    configSchema: webhookConfigSchema,

    async init(ctx: PluginContext<WebhookConnectorConfig>): Promise<void> {
      if (session) return;
      const { timeoutMs } = assertWebhookConnectorConfig(ctx.config);
      const tenants = ctx.tenants ?? [];
      const secrets = resolveWebhookSecrets(tenants);
      const targets = new Map<string, Target>();
      for (const t of tenants) if (t.webhook) targets.set(t.code, { url: t.webhook.url, secret: secrets.get(t.code)! });
      session = { targets, timeoutMs, httpAgent: new http.Agent({ keepAlive: true }), httpsAgent: new https.Agent({ keepAlive: true }) };
      ctx.logger.info({ tenants: [...targets.keys()] }, 'webhook connector ready');
    },

    async deliver(body: WebhookEventBody, ctx: DeliveryContext): Promise<Receipt> {
      if (!session) throw new PasarelaError(Errors.CONFIG_INVALID, 'The webhook connector was used before init() or after close()');
      const target = session.targets.get(body.tenant);
      if (!target) {
        throw new PasarelaError(Errors.WEBHOOK_NOT_CONFIGURED, `Tenant ${body.tenant} has no webhook (any more); configure one and replay the event`, {
          details: { service: 'webhook', tenant: body.tenant },
        });
      }
      // The delivery id is the idempotency key: an operator's replay of an event is the same delivery.
      const event = { ...body, id: ctx.idempotencyKey };
      const raw = Buffer.from(JSON.stringify(event), 'utf8');
      const headers = signedHeaders({ secret: target.secret, event: event.event, deliveryId: event.id, body: raw, timestamp: Math.floor(now() / 1000) });
      ctx.logger.debug({ tenant: body.tenant, event: body.event, deliveryId: event.id, attempt: ctx.attempt }, 'calling a tenant webhook');
      const status = await postToReceiver({ url: target.url, body: raw, headers, signal: ctx.signal, timeoutMs: session.timeoutMs, httpAgent: session.httpAgent, httpsAgent: session.httpsAgent }, webhookTarget(body.tenant));
      const failure = classifyStatus(status, body.tenant);
      if (failure) throw failure;
      return { code: String(status), description: `The webhook answered HTTP ${status}`, keys: { deliveryId: event.id } };
    },

    /** No probe: each tenant's receiver is a different destination; attempts are the test. */
    async check(): Promise<boolean> {
      return session !== undefined;
    },

    async close(): Promise<void> {
      const s = session;
      session = undefined;
      s?.httpAgent.destroy();
      s?.httpsAgent.destroy();
    },
  };
}
