import axios from 'axios';
import http from 'node:http';
import https from 'node:https';
import * as soap from 'soap';
import type { SicresFichero } from '../../../transforms/registry-entry-to-sicres3';
import { Errors, PasarelaError } from '../../core/errors';
import { projectPath } from '../../core/paths';
import type { Connector, DeliveryContext, PluginContext, Receipt } from '../../core/plugin';
import { classifySoapError } from '../soap/classify-error';
import { assertSirConfig, sirConfigSchema, type SirConfig } from './config';
import { createEndpointSecurity, type EndpointSecurity } from '../../wssec/endpoint';
import { interpretRespuesta, respuestaFromSignedBody } from './respuesta';

export type { SirConfig } from './config';
export { TRANSIENT_SIR_CODES } from './respuesta';
export { createSirControlClient, sir7EndpointFrom, type SirControlClient, type SirControlConfig } from './control';

/** Upper bound of a `check()` probe, in milliseconds. */
const CHECK_TIMEOUT_MS = 3000;

interface Sir6Client extends soap.Client {
  recepcionFicheroDeAplicacionAsync(
    args: { registro: string },
    options: { timeout: number; signal: AbortSignal; httpAgent: http.Agent; httpsAgent: https.Agent },
  ): Promise<[unknown, string, unknown, string]>;
}

/** What `init` builds and `close` releases. */
interface Session {
  client: Sir6Client;
  config: SirConfig;
  /** Set when `wssec.verifyResponses`: business data is then read only from the verified Body. */
  verifyResponse?: EndpointSecurity['verifyResponse'];
  /** Own keep-alive agents, so `close()` can release the pooled sockets. */
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

async function call(session: Session, fichero: SicresFichero, ctx: DeliveryContext): Promise<unknown> {
  const { client, config, httpAgent, httpsAgent } = session;
  // axios' `timeout` only bounds socket inactivity; the deadline signal bounds the whole call.
  const deadline = AbortSignal.timeout(config.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, deadline]);
  try {
    const [result, rawResponse] = await client.recepcionFicheroDeAplicacionAsync(
      { registro: fichero.xml },
      { timeout: config.timeoutMs, signal, httpAgent, httpsAgent },
    );
    if (!session.verifyResponse) return result;
    // node-soap verifies nothing: check SIR's signature, then read the answer from what was signed.
    return respuestaFromSignedBody((await session.verifyResponse(rawResponse)).body);
  } catch (e) {
    if (deadline.aborted && !ctx.signal.aborted) {
      throw new PasarelaError(Errors.CONNECTOR_TIMEOUT, `SIR did not answer within ${config.timeoutMs} ms`, {
        cause: e, details: { service: 'SIR', exchangeId: fichero.exchangeId, timeoutMs: config.timeoutMs },
      });
    }
    throw classifySoapError(e, 'SIR', { exchangeId: fichero.exchangeId });
  }
}

/**
 * SIR connector: delivers SICRES 3.0 ficheros to the CIR node through
 * `WS_SIR6_B.recepcionFicheroDeAplicacion` (reference/sir-sicres3.md §6), using pasarela's own
 * WSDL (`schemas/wsdl/WS_SIR6_B.wsdl`) and the configured endpoint. `00` resolves with a receipt;
 * transient SIR codes throw `SIR_TRANSIENT`, other codes `SIR_REJECTED`; transport failures are
 * classified by `classifySoapError`. SIR de-duplicates on `Identificador_Intercambio`, which
 * stays the same across retries, so re-delivery is safe.
 */
export function createSirConnector(): Connector<SirConfig, SicresFichero> {
  let session: Session | undefined;
  return {
    name: 'sir',
    accepts: ['sir-fichero'],
    configSchema: sirConfigSchema,

    async init(ctx: PluginContext<SirConfig>): Promise<void> {
      if (session) return;
      const config = assertSirConfig(ctx.config);
      const wsdl = projectPath('schemas', 'wsdl', 'WS_SIR6_B.wsdl');
      const client = (await soap.createClientAsync(wsdl, { endpoint: config.endpoint })) as Sir6Client;
      const security = createEndpointSecurity(config.wssec);
      if (security.security) client.setSecurity(security.security);
      session = {
        client, config, verifyResponse: security.verifyResponse,
        httpAgent: new http.Agent({ keepAlive: true }), httpsAgent: new https.Agent({ keepAlive: true }),
      };
    },

    async deliver(fichero: SicresFichero, ctx: DeliveryContext): Promise<Receipt> {
      if (!session) throw new PasarelaError(Errors.CONFIG_INVALID, 'The SIR connector was used before init() or after close()');
      if (ctx.signal.aborted) {
        throw new PasarelaError(Errors.CONNECTOR_TIMEOUT, 'The delivery was aborted before the call to SIR', {
          details: { service: 'SIR', exchangeId: fichero.exchangeId },
        });
      }
      ctx.logger.debug({ exchangeId: fichero.exchangeId, attempt: ctx.attempt }, 'Delivering a fichero to SIR');
      const result = await call(session, fichero, ctx);
      return interpretRespuesta(result, fichero.exchangeId);
    },

    async check(): Promise<boolean> {
      if (!session) return false;
      const timeout = Math.min(session.config.timeoutMs, CHECK_TIMEOUT_MS);
      try {
        const res = await axios.get(`${session.config.endpoint}?wsdl`, {
          timeout,
          signal: AbortSignal.timeout(timeout),
          validateStatus: () => true,
          responseType: 'text',
          maxContentLength: 1024 * 1024,
          httpAgent: session.httpAgent,
          httpsAgent: session.httpsAgent,
        });
        return res.status === 200;
      } catch {
        return false;
      }
    },

    async close(): Promise<void> {
      const s = session;
      session = undefined;
      s?.httpAgent.destroy();
      s?.httpsAgent.destroy();
    },
  };
}
