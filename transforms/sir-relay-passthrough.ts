import type { Envelope } from '../src/core/envelope';
import { Errors, PasarelaError } from '../src/core/errors';
import type { Transform } from '../src/core/plugin';

/**
 * Payload of a `sir-relay` message (CIR proxy mode, docs/sir-proxy.md): one call the CIR made to
 * pasarela for a proxied tenant's office, to be made again to the tenant's own application.
 */
export interface SirRelayPayload {
  /** `fichero`: WS_SIR8_B `envioFicherosAAplicacion`; `control`: WS_SIR9 `envioMensajeDatosControlAAplicacion`. */
  kind: 'fichero' | 'control';
  /** The `Fichero_Intercambio_SICRES_3` or `De_Mensaje` document, as the CIR sent it. */
  xml: string;
  /** Its `Identificador_Intercambio` (for logs and search; may be empty for a fichero without one). */
  exchangeId: string;
  /** The application's endpoint (the tenant's `sirProxy.ws8bUrl` or `ws9Url` when the call came). */
  url: string;
  /** Milliseconds the application may take (the tenant's `sirProxy.timeoutMs`); absent: the connector's. */
  timeoutMs?: number;
  /** Set by the transform from the envelope: the connector calls this tenant's application as configured now. */
  tenant?: string;
}

function assertPayload(p: unknown): asserts p is SirRelayPayload {
  const v = p as Partial<SirRelayPayload> | null;
  const ok = typeof v === 'object' && v !== null && (v.kind === 'fichero' || v.kind === 'control')
    && typeof v.xml === 'string' && v.xml.length > 0 && typeof v.exchangeId === 'string'
    && typeof v.url === 'string' && /^https?:\/\//.test(v.url)
    && (v.timeoutMs === undefined || (Number.isInteger(v.timeoutMs) && v.timeoutMs > 0));
  if (!ok) {
    throw new PasarelaError(Errors.TRANSFORM_FAILED, 'A sir-relay message needs kind fichero|control, xml, exchangeId and an http(s) url', {
      problems: [{ pointer: '/payload', code: 'invalid', message: 'not a sir-relay payload' }],
    });
  }
}

/** `sir-relay` -> the `sir-app` connector's call, with the envelope's tenant. Only the shape is checked. */
export const sirRelayPassthrough: Transform<SirRelayPayload, SirRelayPayload> = {
  name: 'sir-relay-passthrough',
  from: 'sir-relay',
  to: 'sir-relay',
  apply(message: Envelope<SirRelayPayload>): SirRelayPayload {
    assertPayload(message.payload);
    const { kind, xml, exchangeId, url, timeoutMs } = message.payload;
    return { kind, xml, exchangeId, url, timeoutMs, tenant: message.tenant };
  },
};
