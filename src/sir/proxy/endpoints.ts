import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus';
import type { Config, TenantConfig } from '../../config/types';
import { Errors, isPasarelaError } from '../../core/errors';
import { projectPath } from '../../core/paths';
import type { Journal } from '../../journal/journal';
import type { ControlAnswer } from '../inbound/control-received';
import { MAX_INBOUND_SOAP_BYTES, readSoapCall, respuestaEnvelope, soapFault } from '../inbound/soap';
import { authenticateProxyCall } from './auth';
import { forwardControl, forwardFichero, PROXY_ROUTES, type ForwardContext } from './forward';

/** Where a proxied tenant's application points its CIR addresses (docs/sir-proxy.md). */
export const SIR_PROXY_PATHS = { WS_SIR6_B: '/sir/proxy/WS_SIR6_B', WS_SIR7: '/sir/proxy/WS_SIR7' } as const;

export interface SirProxyContext {
  config: Config;
  journal: Journal;
  bus: Bus;
  logger: Logger;
  routes: readonly { name: string }[];
  /** True once shutdown began: calls are answered with a Server fault (the application calls again). */
  stopping?: () => boolean;
}

interface ProxyService {
  path: string;
  wsdlFile: string;
  operation: string;
  /** Namespace of the RespuestaWS fields (reference §6). */
  answerNs: string;
  route: string;
  handle(ctx: ForwardContext, tenant: TenantConfig, param: string): Promise<ControlAnswer>;
}

const SERVICES: readonly ProxyService[] = [
  {
    path: SIR_PROXY_PATHS.WS_SIR6_B, wsdlFile: 'WS_SIR6_B.wsdl', operation: 'recepcionFicheroDeAplicacion',
    answerNs: 'http://cir.impl.manager.cct.map.es', route: PROXY_ROUTES.fichero, handle: forwardFichero,
  },
  {
    path: SIR_PROXY_PATHS.WS_SIR7, wsdlFile: 'WS_SIR7.wsdl', operation: 'recepcionMensajeDatosControlDeAplicacion',
    answerNs: 'http://bean.cct.map.es', route: PROXY_ROUTES.control, handle: forwardControl,
  },
];

function sendXml(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).type('text/xml; charset=utf-8').send(xml);
}

/**
 * CIR proxy mode: pasarela plays the CIR's WS_SIR6_B and WS_SIR7 for the registry applications of
 * tenants with `sirProxy`, each with its WSDL at `?wsdl` (our address in it). Calls need a tenant
 * API key (`Authorization: Bearer <key>`, or HTTP Basic with the key as password), checked before
 * the body is read: none or a wrong one is HTTP 401 with a SOAP Client fault. Parameters are read
 * by position, the operation by local name. A refusal is a RespuestaWS `0037`; `00` means queued
 * durably for SIR; a journal or broker failure is a Server fault, so the application calls again.
 */
export function registerSirProxy(app: FastifyInstance, ctx: SirProxyContext): void {
  app.register(async (proxy) => {
    for (const type of ['text/xml', 'application/soap+xml']) {
      proxy.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_INBOUND_SOAP_BYTES }, (_req, body, done) => done(null, body));
    }
    for (const service of SERVICES) register(proxy, service, ctx);
  });
}

function register(app: FastifyInstance, s: ProxyService, ctx: SirProxyContext): void {
  const wsdl = readFileSync(projectPath('schemas', 'wsdl', s.wsdlFile), 'utf8');
  // The WSDL describes the service and holds no secret: served without a key, as the CIR does.
  app.get(s.path, async (req, reply) => sendXml(reply, 200, wsdl.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${req.protocol}://${req.host}${s.path}$2`)));
  app.post(s.path, { onRequest: (req, reply) => authenticate(ctx, req, reply) }, async (req, reply) => {
    const tenant = ctx.config.tenants.find((t) => t.code === req.apiKey?.tenant);
    if (!tenant?.sirProxy) return sendXml(reply, 403, soapFault('Client', `${Errors.SIR_PROXY_NOT_ENABLED.code}: ${Errors.SIR_PROXY_NOT_ENABLED.title}`));
    if (ctx.stopping?.()) return sendXml(reply, 503, soapFault('Server', 'pasarela is shutting down; nothing was accepted, try again'));
    if (!ctx.routes.some((r) => r.name === s.route)) return sendXml(reply, 500, soapFault('Server', `Route ${s.route} is not configured`));
    let params: string[];
    try {
      const call = readSoapCall(typeof req.body === 'string' ? req.body : '');
      if (call.operation !== s.operation) return sendXml(reply, 500, soapFault('Client', `Unknown operation ${call.operation.slice(0, 80)}`));
      params = call.params;
    } catch (e) {
      if (!isPasarelaError(e)) throw e;
      return sendXml(reply, 500, soapFault('Client', e.message));
    }
    try {
      const answer = await s.handle(ctx, tenant, params[0] ?? '');
      if (answer.codigo !== '00') ctx.logger.warn({ tenant: tenant.code, service: s.path, codigo: answer.codigo }, 'CIR proxy: call refused');
      return sendXml(reply, 200, respuestaEnvelope(s.operation, answer.codigo, answer.descripcion, s.answerNs));
    } catch (e) {
      ctx.logger.error({ err: e, tenant: tenant.code, service: s.path }, 'CIR proxy: call could not be queued');
      return sendXml(reply, 500, soapFault('Server', 'The request could not be recorded; try again'));
    }
  });
}

/** Before the body is read, so an anonymous client cannot make us buffer 32 MiB. */
async function authenticate(ctx: SirProxyContext, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  let auth: Awaited<ReturnType<typeof authenticateProxyCall>>;
  try {
    auth = await authenticateProxyCall(ctx.journal, req.headers.authorization);
  } catch (e) {
    ctx.logger.error({ err: e }, 'CIR proxy: the key could not be checked');
    return sendXml(reply, 500, soapFault('Server', 'The key could not be checked; try again'));
  }
  if (auth.ok) {
    req.apiKey = auth.key;
    return undefined;
  }
  const def = auth.reason === 'missing' ? Errors.AUTH_MISSING_KEY : Errors.AUTH_INVALID_KEY;
  reply.header('www-authenticate', 'Basic realm="pasarela", charset="UTF-8"');
  // Returning the reply ends the request here: the handler never runs, the body is never read.
  return sendXml(reply, 401, soapFault('Client', `${def.code}: ${def.title} (Authorization: Bearer <key>, or HTTP Basic with the key as password)`));
}
