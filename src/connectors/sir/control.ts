import http from 'node:http';
import https from 'node:https';
import * as soap from 'soap';
import { Errors, isPasarelaError, PasarelaError } from '../../core/errors';
import { projectPath } from '../../core/paths';
import type { Receipt } from '../../core/plugin';
import { buildControlMessage, type ControlMessage } from '../../sir/control-message';
import type { EndpointSecurity } from '../../wssec/endpoint';
import { classifySoapError } from '../soap/classify-error';
import { assertSirConfig, type SirConfig } from './config';
import { interpretRespuesta, respuestaFromSignedBody } from './respuesta';
import { sirEndpointSecurity } from './security';

/**
 * `0206` (duplicated message at destination, reference §5.1): SIR already holds this control
 * message, so a re-send whose first answer was lost has done its job.
 */
const ALREADY_RECEIVED_CONTROL_CODES: ReadonlySet<string> = new Set(['0206']);

/** Same shape as `connectors.sir`; `endpoint` is the WS_SIR7 URL of the CIR node. */
export type SirControlConfig = SirConfig;

export interface SendOptions {
  /** Aborts the call (e.g. on shutdown); the configured `timeoutMs` bounds it anyway. */
  signal?: AbortSignal;
}

/** Sends SICRES 3 control messages (ACK, ERROR, CONFIRMACIÓN) to the CIR node over WS_SIR7. */
export interface SirControlClient {
  /**
   * Build `message` and hand it to `WS_SIR7.recepcionMensajeDatosControlDeAplicacion`. `00`
   * (or `0206`, already held) resolves with a receipt; an invalid message throws
   * `SIR_CONTROL_INVALID` before any call; other answers and transport failures throw what
   * `interpretRespuesta` / `classifySoapError` decide (retryable or not).
   */
  send(message: ControlMessage, opts?: SendOptions): Promise<Receipt>;
  /** Release the pooled sockets; idempotent. */
  close(): Promise<void>;
}

interface Sir7Client extends soap.Client {
  recepcionMensajeDatosControlDeAplicacionAsync(
    args: { mensaje: string },
    options: { timeout: number; signal: AbortSignal; httpAgent: http.Agent; httpsAgent: https.Agent },
  ): Promise<[unknown, string, unknown, string]>;
}

/** The WS_SIR7 URL beside a WS_SIR6_B one (same CIR node, `/CIR_P2P/services/…`). */
export function sir7EndpointFrom(sir6Endpoint: string): string {
  const url = new URL(sir6Endpoint);
  url.pathname = url.pathname.replace(/WS_SIR6_[AB]\/?$/, 'WS_SIR7');
  return url.toString();
}

function alreadyReceived(e: unknown, exchangeId: string): Receipt | undefined {
  if (!isPasarelaError(e) || e.code !== Errors.SIR_REJECTED.code) return undefined;
  const code = e.details.sirCode;
  if (typeof code !== 'string' || !ALREADY_RECEIVED_CONTROL_CODES.has(code)) return undefined;
  return { code, description: String(e.details.sirDescription ?? ''), keys: { exchangeId, alreadyReceived: 'true' } };
}

/**
 * Create a WS_SIR7 client with pasarela's own WSDL (`schemas/wsdl/WS_SIR7.wsdl`), the configured
 * endpoint and the same WS-Security as the fichero connector: signed unless `wssec.sign` is
 * false (CONFIG_INVALID at creation when there is no key), responses verified when configured.
 * `style` does not apply: WS_SIR7 is document/literal. Control messages are idempotent at SIR (same exchange id and type), so a
 * retry after a time-out is safe.
 */
export async function createSirControlClient(config: SirControlConfig): Promise<SirControlClient> {
  const cfg = assertSirConfig(config);
  const security: EndpointSecurity = sirEndpointSecurity(cfg);
  const client = (await soap.createClientAsync(projectPath('schemas', 'wsdl', 'WS_SIR7.wsdl'), { endpoint: cfg.endpoint })) as Sir7Client;
  if (security.security) client.setSecurity(security.security);
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  let closed = false;

  async function call(mensaje: string, exchangeId: string, outer: AbortSignal | undefined): Promise<unknown> {
    // axios' `timeout` only bounds socket inactivity; the deadline signal bounds the whole call.
    const deadline = AbortSignal.timeout(cfg.timeoutMs);
    const signal = outer ? AbortSignal.any([outer, deadline]) : deadline;
    try {
      const [result, rawResponse] = await client.recepcionMensajeDatosControlDeAplicacionAsync(
        { mensaje },
        { timeout: cfg.timeoutMs, signal, httpAgent, httpsAgent },
      );
      if (!security.verifyResponse) return result;
      return respuestaFromSignedBody((await security.verifyResponse(rawResponse)).body);
    } catch (e) {
      if (deadline.aborted && !outer?.aborted) {
        throw new PasarelaError(Errors.CONNECTOR_TIMEOUT, `SIR did not answer within ${cfg.timeoutMs} ms`, {
          cause: e, details: { service: 'SIR', operation: 'WS_SIR7', exchangeId, timeoutMs: cfg.timeoutMs },
        });
      }
      throw classifySoapError(e, 'SIR', { operation: 'WS_SIR7', exchangeId });
    }
  }

  return {
    async send(message, opts = {}) {
      if (closed) throw new PasarelaError(Errors.CONFIG_INVALID, 'The SIR control client was used after close()');
      const mensaje = buildControlMessage(message);
      const result = await call(mensaje, message.exchangeId, opts.signal);
      try {
        return interpretRespuesta(result, message.exchangeId);
      } catch (e) {
        const receipt = alreadyReceived(e, message.exchangeId);
        if (receipt) return receipt;
        throw e;
      }
    },
    async close() {
      closed = true;
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
