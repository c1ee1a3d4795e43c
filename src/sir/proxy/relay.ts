import type { SirRelayPayload } from '../../../transforms';
import type { TenantConfig } from '../../config/types';
import { createEnvelope } from '../../core/envelope';
import { enqueueMessage, type EnqueueDeps } from '../../pipeline/enqueue';
import type { ControlAnswer } from '../inbound/control-received';
import type { SirProxyRelay } from '../inbound/hooks';

/** The route that calls tenants' applications (routes/sir-relay-to-app.yaml). */
export const SIR_RELAY_ROUTE = 'sir-relay-to-app';

const OK: ControlAnswer = { codigo: '00', descripcion: 'Exito' };

/**
 * What SIR brings for a proxied tenant's offices, relayed to its application: each call is queued
 * as a `sir-relay` message (journal row, confirmed publish) and answered `00` to the CIR once
 * durable; the `sir-app` connector then calls the application's WS_SIR8_B / WS_SIR9 with the
 * route's retries and parking. Nothing is judged or applied here: the application is the
 * registry and answers SIR itself (ACK, ERROR, CONFIRMACIÓN) through our WS_SIR7 proxy. A
 * journal failure throws, so the CIR gets a Server fault and calls again.
 */
export function createSirProxyRelay(deps: EnqueueDeps): SirProxyRelay {
  async function relay(tenant: TenantConfig, payload: SirRelayPayload, what: string): Promise<ControlAnswer> {
    const envelope = createEnvelope({
      type: 'sir-relay', schemaVersion: 1, tenant: tenant.code, source: { system: 'SIR', adapter: `relay-${payload.kind}` }, payload,
    });
    await enqueueMessage(deps, { envelope, route: SIR_RELAY_ROUTE, detail: `${what} for the tenant's application` });
    deps.logger.info({ tenant: tenant.code, exchangeId: payload.exchangeId, kind: payload.kind, messageId: envelope.id }, 'CIR proxy: relay queued');
    return OK;
  }

  return {
    relayFichero(tenant, registro, parsed) {
      const exchangeId = parsed.control?.Identificador_Intercambio ?? '';
      const annotation = parsed.control?.Tipo_Anotacion ?? '?';
      return relay(tenant, { kind: 'fichero', xml: registro, exchangeId, url: tenant.sirProxy!.ws8bUrl, timeoutMs: tenant.sirProxy!.timeoutMs }, `fichero ${annotation}`);
    },
    relayControl(tenant, mensaje, message) {
      const payload: SirRelayPayload = { kind: 'control', xml: mensaje, exchangeId: message.exchangeId, url: tenant.sirProxy!.ws9Url, timeoutMs: tenant.sirProxy!.timeoutMs };
      return relay(tenant, payload, `control message ${message.type}`);
    },
  };
}
