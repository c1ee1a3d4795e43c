import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus';
import type { Config, TenantConfig } from '../../config/types';
import { asPasarelaError, Errors } from '../../core/errors';
import type { Journal } from '../../journal/journal';
import type { ControlAnswer } from '../inbound/control-received';
import { soapFault } from '../inbound/soap';
import { registerSoapServices, sendXml, type SoapService } from '../inbound/soap-service';
import { findTenant, tenantAsKeySees } from '../../intake/auth';
import { checkDeclaredLength, type KeyRateLimiter } from '../../intake/key-limits';
import { authenticateProxyCall } from './auth';
import { forwardControl, forwardFichero, type ForwardContext } from './forward';

/** Where a proxied tenant's application points its CIR addresses (docs/sir-proxy.md). */
export const SIR_PROXY_PATHS = { WS_SIR6_B: '/sir/proxy/WS_SIR6_B', WS_SIR7: '/sir/proxy/WS_SIR7' } as const;

export interface SirProxyContext {
  config: Config;
  journal: Journal;
  bus: Bus;
  logger: Logger;
  /** True once shutdown began: calls are answered with a Server fault (the application calls again). */
  stopping?: () => boolean;
  /** The intake's per-key rate limiter, shared with the /v1 API. */
  limiter?: KeyRateLimiter;
}

/** The key's tenant, narrowed to the key's offices when it is bound to some. */
function tenantOf(ctx: SirProxyContext, req: FastifyRequest): TenantConfig | undefined {
  const key = req.apiKey;
  if (!key) return undefined;
  const tenant = findTenant(ctx.config.tenants, key.tenant);
  return tenant && tenantAsKeySees(tenant, key);
}

/** One proxied CIR service: authenticated, for tenants in proxy mode, while pasarela is not stopping. */
function proxyService(
  ctx: SirProxyContext, s: Pick<SoapService, 'path' | 'wsdlFile' | 'operation' | 'answerNs'>,
  forward: (ctx: ForwardContext, tenant: TenantConfig, param: string) => Promise<ControlAnswer>,
): SoapService {
  return {
    ...s,
    onRequest: (req, reply) => authenticate(ctx, req, reply),
    admit(req, reply) {
      if (!tenantOf(ctx, req)?.sirProxy) return sendXml(reply, 403, soapFault('Client', `${Errors.SIR_PROXY_NOT_ENABLED.code}: ${Errors.SIR_PROXY_NOT_ENABLED.title}`));
      if (ctx.stopping?.()) return sendXml(reply, 503, soapFault('Server', 'pasarela is shutting down; nothing was accepted, try again'));
      return undefined;
    },
    async handle(params, req) {
      const tenant = tenantOf(ctx, req)!;
      const answer = await forward(ctx, tenant, params[0] ?? '');
      if (answer.codigo !== '00') ctx.logger.warn({ tenant: tenant.code, service: s.path, codigo: answer.codigo }, 'CIR proxy: call refused');
      return answer;
    },
  };
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
  registerSoapServices(app, [
    proxyService(ctx, {
      path: SIR_PROXY_PATHS.WS_SIR6_B, wsdlFile: 'WS_SIR6_B.wsdl', operation: 'recepcionFicheroDeAplicacion', answerNs: 'http://cir.impl.manager.cct.map.es',
    }, forwardFichero),
    proxyService(ctx, {
      path: SIR_PROXY_PATHS.WS_SIR7, wsdlFile: 'WS_SIR7.wsdl', operation: 'recepcionMensajeDatosControlDeAplicacion', answerNs: 'http://bean.cct.map.es',
    }, forwardControl),
  ], ctx.logger);
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
  if (auth.ok && !auth.key.scopes.includes('sir:proxy')) {
    return sendXml(reply, 403, soapFault('Client', `${Errors.AUTH_FORBIDDEN_SCOPE.code}: the key lacks the scope sir:proxy`));
  }
  if (auth.ok) {
    // The same per-key rate and declared size as the /v1 API: a proxied application is a key too.
    try {
      ctx.limiter?.take(auth.key);
      checkDeclaredLength(auth.key, req.headers['content-length']);
    } catch (e) {
      const err = asPasarelaError(e, Errors.INTAKE_UNAVAILABLE);
      const after = err.details.retryAfterSeconds;
      if (typeof after === 'number') reply.header('retry-after', String(Math.max(1, Math.ceil(after))));
      return sendXml(reply, err.status, soapFault('Client', `${err.code}: ${err.message}`));
    }
    req.apiKey = auth.key;
    return undefined;
  }
  const def = auth.reason === 'missing' ? Errors.AUTH_MISSING_KEY : Errors.AUTH_INVALID_KEY;
  reply.header('www-authenticate', 'Basic realm="pasarela", charset="UTF-8"');
  // Returning the reply ends the request here: the handler never runs, the body is never read.
  return sendXml(reply, 401, soapFault('Client', `${def.code}: ${def.title} (Authorization: Bearer <key>, or HTTP Basic with the key as password)`));
}
