import axios from 'axios';
import { Errors, PasarelaError } from '../../core/errors';
import type { Connector, DeliveryContext, PluginContext, Receipt } from '../../core/plugin';
import type { ControlMessage } from '../../sir/control-message';
import { createSirControlClient, sir7EndpointFrom, type SirControlClient } from '../sir/control';
import { assertSirConfig, sirConfigSchema, type SirConfig } from '../sir/config';

/** Upper bound of a `check()` probe, in milliseconds. */
const CHECK_TIMEOUT_MS = 3000;

/**
 * `connectors['sir-control']`: the `sir` block's shape. Absent, the app hands this connector the
 * `sir` block (src/connectors/index.ts `CONNECTOR_CONFIG_FALLBACK`): the same CIR node, signing
 * and time-out; a WS_SIR6_A/B endpoint is turned into the node's WS_SIR7 one (a WS_SIR7 URL stays).
 */
export type SirControlConnectorConfig = Partial<SirConfig>;

/** Every field optional: every route starts in every stack, configured or not (then deliveries park). */
export const sirControlConfigSchema = { ...sirConfigSchema, required: [] as string[] } as const;

function notConfigured(): PasarelaError {
  return new PasarelaError(Errors.CONFIG_INVALID, 'connectors.sir-control (or connectors.sir) needs endpoint and timeoutMs to send control messages');
}

/**
 * `sir-control` connector: delivers `sir-control` messages (ACK, ERROR, CONFIRMACIÓN a tenant's
 * application sent through the CIR proxy) to SIR's `WS_SIR7.recepcionMensajeDatosControlDeAplicacion`
 * with `createSirControlClient` (WS-Security as configured; `00`/`0206` delivered, other codes and
 * transport failures classified there). Control messages are idempotent at SIR, so retries are safe.
 * The receipt carries no `exchangeId` key: a control message opens no exchange life cycle.
 */
export function createSirControlConnector(): Connector<SirControlConnectorConfig, ControlMessage> {
  let config: SirConfig | undefined;
  let client: Promise<SirControlClient> | undefined;
  const clientOf = (): Promise<SirControlClient> => {
    if (!config) throw notConfigured();
    const cfg = config;
    // A failed build (unreadable WSDL, bad key) is not cached: the next attempt tries again.
    client ??= createSirControlClient({ ...cfg, endpoint: sir7EndpointFrom(cfg.endpoint) }).catch((e: unknown) => {
      client = undefined;
      throw e;
    });
    return client;
  };
  return {
    name: 'sir-control',
    accepts: ['sir-control'],
    configSchema: sirControlConfigSchema,

    async init(ctx: PluginContext<SirControlConnectorConfig>): Promise<void> {
      // No block at all (nor a `sir` one): deliveries park with CONFIG_INVALID. A block must be whole.
      const c = ctx.config ?? {};
      if (Object.keys(c).length === 0) return;
      config = assertSirConfig(c as SirConfig);
    },

    async deliver(message: ControlMessage, ctx: DeliveryContext): Promise<Receipt> {
      ctx.logger.debug({ exchangeId: message.exchangeId, type: message.type, attempt: ctx.attempt }, 'Delivering a control message to SIR');
      const receipt = await (await clientOf()).send(message, { signal: ctx.signal });
      const keys = { aboutExchange: message.exchangeId, controlType: message.type, ...(receipt.keys?.alreadyReceived ? { alreadyReceived: 'true' } : {}) };
      return { code: receipt.code, description: receipt.description, keys };
    },

    async check(): Promise<boolean> {
      if (!config) return false;
      const timeout = Math.min(config.timeoutMs, CHECK_TIMEOUT_MS);
      try {
        const res = await axios.get(`${sir7EndpointFrom(config.endpoint)}?wsdl`, {
          timeout, signal: AbortSignal.timeout(timeout), validateStatus: () => true, responseType: 'text', maxContentLength: 1024 * 1024,
        });
        return res.status === 200;
      } catch {
        return false;
      }
    },

    async close(): Promise<void> {
      const c = client;
      client = undefined;
      if (c) await (await c.catch(() => undefined))?.close();
    },
  };
}
