import http from 'node:http';
import https from 'node:https';
import { Errors, PasarelaError } from '../../core/errors';
import type { Connector, DeliveryContext, PluginContext, Receipt } from '../../core/plugin';
import { readSecret } from '../../config/secret-ref';
import { classifyReceiverStatus, postToReceiver, type ReceiverTarget } from '../http/receiver';
import { signedHeaders } from '../webhook/sign';
import { CARPETA_PUSH_DEFAULTS, carpetaConfigSchema, DEV_CARPETA_SECRET_FILE, type CarpetaConfig } from './config';

export type { CarpetaConfig } from './config';

/** The event name of every push (the `Pasarela-Event` header). */
export const CARPETA_PUSH_EVENT = 'expediente.status-changed';

/** What the push transform hands over: the body, without its id (the delivery key is). */
export type CarpetaPushBody = Record<string, unknown> & { expediente: string };

const TARGET: ReceiverTarget = { service: 'carpeta', label: 'Carpeta Ciudadana', unavailable: Errors.CARPETA_UNAVAILABLE, refused: Errors.CARPETA_REFUSED };

interface Session {
  /** Absent: push is off (nothing is queued for it; a replayed push message is refused). */
  url?: string;
  secret: string;
  timeoutMs: number;
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

/**
 * Carpeta Ciudadana, push variant (docs/carpeta.md; OUR contract, pending the official one): each
 * change of an expediente is POSTed as JSON to `connectors.carpeta.url`, signed like tenant
 * webhooks (HMAC-SHA256 over `<timestamp>.<body>` with the configured secret, headers
 * `Pasarela-*`). The body's `id` and `Pasarela-Delivery` are the delivery key: the same on every
 * retry and replay, so Carpeta can de-duplicate. 2xx delivered; 408/429/5xx and transport
 * failures CARPETA_UNAVAILABLE (retried); other answers CARPETA_REFUSED (parked).
 */
export function createCarpetaConnector(opts: { now?: () => number } = {}): Connector<CarpetaConfig, CarpetaPushBody> {
  const now = opts.now ?? Date.now;
  let session: Session | undefined;
  return {
    name: 'carpeta',
    accepts: ['carpeta-push'],
    configSchema: carpetaConfigSchema,

    async init(ctx: PluginContext<CarpetaConfig>): Promise<void> {
      if (session) return;
      const c = ctx.config;
      if (c.url === undefined) {
        session = { secret: '', timeoutMs: 0, httpAgent: new http.Agent(), httpsAgent: new https.Agent() };
        return;
      }
      const secret = readSecret({ env: c.secretEnv, file: c.secretFile, envField: 'secretEnv', fileField: 'secretFile', what: 'Carpeta push secret', devFile: DEV_CARPETA_SECRET_FILE }, '/connectors/carpeta');
      if (typeof secret !== 'string') throw new PasarelaError(Errors.CONFIG_INVALID, `Invalid configuration:\n  ${secret.pointer}: ${secret.message}`, { problems: [secret] });
      session = { url: c.url, secret, timeoutMs: c.timeoutMs ?? CARPETA_PUSH_DEFAULTS.timeoutMs, httpAgent: new http.Agent({ keepAlive: true }), httpsAgent: new https.Agent({ keepAlive: true }) };
    },

    async deliver(body: CarpetaPushBody, ctx: DeliveryContext): Promise<Receipt> {
      if (!session) throw new PasarelaError(Errors.CONFIG_INVALID, 'The Carpeta connector was used before init() or after close()');
      const event = { id: ctx.idempotencyKey, ...body };
      const raw = Buffer.from(JSON.stringify(event), 'utf8');
      const headers = signedHeaders({ secret: session.secret, event: CARPETA_PUSH_EVENT, deliveryId: event.id, body: raw, timestamp: Math.floor(now() / 1000) });
      ctx.logger.debug({ expediente: body.expediente, deliveryId: event.id, attempt: ctx.attempt }, 'pushing an expediente change to Carpeta');
      const s = session;
      if (s.url === undefined) throw new PasarelaError(Errors.CONFIG_INVALID, 'Carpeta push is off (connectors.carpeta.url is not set); set it and replay the change');
      const status = await postToReceiver({ url: s.url, body: raw, headers, signal: ctx.signal, timeoutMs: s.timeoutMs, httpAgent: s.httpAgent, httpsAgent: s.httpsAgent }, TARGET);
      const failure = classifyReceiverStatus(status, TARGET);
      if (failure) throw failure;
      return { code: String(status), description: `Carpeta answered HTTP ${status}`, keys: { deliveryId: event.id } };
    },

    async close(): Promise<void> {
      const s = session;
      session = undefined;
      s?.httpAgent.destroy();
      s?.httpsAgent.destroy();
    },
  };
}
