import axios from 'axios';
import http from 'node:http';
import https from 'node:https';
import * as soap from 'soap';
import type { SicresFichero } from '../../../transforms/registry-entry-to-sicres3';
import { Errors, PasarelaError } from '../../core/errors';
import { projectPath } from '../../core/paths';
import type { Connector, DeliveryContext, PluginContext, Receipt } from '../../core/plugin';
import { classifySoapError } from '../soap/classify-error';
import type { EndpointSecurity } from '../../wssec/endpoint';
import { assertSirConfig, sirConfigSchema, type SirConfig, type SirStyle } from './config';
import { interpretRespuesta, respuestaFromSignedBody } from './respuesta';
import { sirEndpointSecurity } from './security';

export type { SirConfig, SirStyle } from './config';
export { DEV_CERT_FILE, DEV_KEY_FILE, effectiveWssec } from './security';
export { ensureDevCertificate, type DevCertificate } from './dev-cert';
export { TRANSIENT_SIR_CODES } from './respuesta';
export { createSirControlClient, sir7EndpointFrom, type SirControlClient, type SirControlConfig } from './control';

/** Upper bound of a `check()` probe, in milliseconds. */
const CHECK_TIMEOUT_MS = 3000;

/** SOAP 1.1 encoding, for the rpc/encoded style. */
const SOAP_ENCODING = 'http://schemas.xmlsoap.org/soap/encoding/';

/** The `registro` part as the style wants it: plain text, or text typed `xsi:type="xsd:string"`. */
type Registro = string | { attributes: Record<string, string>; $value: string };

interface Sir6Client extends soap.Client {
  recepcionFicheroDeAplicacionAsync(
    args: { registro: Registro },
    options: { timeout: number; signal: AbortSignal; httpAgent: http.Agent; httpsAgent: https.Agent },
  ): Promise<[unknown, string, unknown, string]>;
}

/** What `init` builds and `close` releases. */
interface Session {
  client: Sir6Client;
  config: SirConfig;
  style: SirStyle;
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
      { registro: registroPart(session.style, fichero.xml) },
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

function registroPart(style: SirStyle, xml: string): Registro {
  if (style === 'literal') return xml;
  return { attributes: { 'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema', 'xsi:type': 'xsd:string' }, $value: xml };
}

/**
 * A WS_SIR6_B client for the configured style. node-soap does not write `encodingStyle` for an
 * encoded binding (it compares an object with 'encoded'), so the encoded client puts it on the
 * Body, whose scope covers the operation element and its part (SOAP 1.1 §4.1.1).
 */
async function sir6Client(config: SirConfig, style: SirStyle): Promise<Sir6Client> {
  if (style === 'literal') {
    return (await soap.createClientAsync(projectPath('schemas', 'wsdl', 'WS_SIR6_B.wsdl'), { endpoint: config.endpoint })) as Sir6Client;
  }
  const wsdl = projectPath('schemas', 'wsdl', 'WS_SIR6_B-encoded.wsdl');
  const client = (await soap.createClientAsync(wsdl, { endpoint: config.endpoint, envelopeKey: 'soapenv' })) as Sir6Client;
  client.addBodyAttribute({ 'soapenv:encodingStyle': SOAP_ENCODING });
  return client;
}

/**
 * SIR connector: delivers SICRES 3.0 ficheros to the CIR node through
 * `WS_SIR6_B.recepcionFicheroDeAplicacion` (reference/sir-sicres3.md §6), using pasarela's own
 * WSDL (`schemas/wsdl/WS_SIR6_B.wsdl`, or `WS_SIR6_B-encoded.wsdl` for `style: encoded`) and
 * the configured endpoint. Every request is signed (WS-Security X.509) unless `wssec.sign` is
 * false; without a key, init fails with CONFIG_INVALID saying what to set (./security.ts). `00` resolves with a receipt;
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
      const style = config.style ?? 'literal';
      // Keys first: a signing set-up that cannot work stops start-up before any client exists.
      const security: EndpointSecurity = sirEndpointSecurity(config);
      const client = await sir6Client(config, style);
      if (security.security) client.setSecurity(security.security);
      session = {
        client, config, style, verifyResponse: security.verifyResponse,
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
