import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Errors, PasarelaError } from '../core/errors';
import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import type { ApiKeyRow, Journal } from '../journal/journal';
import type { IntakeContext } from './accept';
import { authenticate, keyMaySeeMessage, requireScope } from './auth';
import { type BreakersProbe, registerHealth } from './health';
import { registerOpenApi } from './openapi/register';
import { checkDeclaredLength, createKeyRateLimiter, DEFAULT_KEY_RATE_LIMIT, limitBody } from './key-limits';
import { registerRegistryEntries } from './registry-routes';
import { scopeOf } from './route-scopes';
import { messageView } from './message-view';
import { errorHandler, frameworkErrors, sendProblem } from './problem';
import { registerSirInbound } from '../sir/inbound/routes';
import { registerSirProxy } from '../sir/proxy/endpoints';
import { registerInbox } from './inbox';
import { registerInboxAccept } from './inbox-accept';
import { registerInboxHops } from './inbox-hop';
import { registerAdmin } from '../admin/register';
import { registerNotifications } from './notification-routes';
import { registerExpedientes } from './expediente-routes';
import { registerAdviser } from '../notifica/adviser-route';
import { registerCarpetaPull } from '../carpeta/pull-routes';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyRow;
  }
}

/**
 * The municipal-facing HTTP API. Built, not listening: the caller (app.ts) listens, and tests
 * use `inject()`. Fastify's AJV defaults (coercion, defaults, removing extra fields) are turned
 * off: intake must refuse bad input, never quietly rewrite it.
 */
/**
 * `admin.separate`: the admin API has a listener of its own (`admin.http`, ../admin/server.ts)
 * and is not served here.
 */
export function buildIntakeServer(ctx: IntakeContext, admin: { kickReplays?: () => void; separate?: boolean } = {}): FastifyInstance {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: ctx.config.http.bodyLimitBytes,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    frameworkErrors,
    ...(ctx.https && { https: ctx.https }),
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFound);
  registerHealth(app, { ...ctx, routeNames: ctx.routes.map((r) => r.name) });
  registerOpenApi(app);
  const sirSender = registerSirInbound(app, ctx);
  const limiter = createKeyRateLimiter(ctx.config.intake?.rateLimit ?? DEFAULT_KEY_RATE_LIMIT);
  registerSirProxy(app, { ...ctx, limiter });
  if (!admin.separate) registerAdmin(app, { ...ctx, kickReplays: admin.kickReplays });
  if (ctx.notifica) registerAdviser(app, { tracker: ctx.notifica.tracker, logger: ctx.logger, apiKey: ctx.notifica.access.callbackKey });
  registerCarpetaPull(app, { journal: ctx.journal, clients: ctx.carpetaClients ?? [], logger: ctx.logger });

  app.register(async (v1) => {
    // Authenticate, rate-limit and check the scope before the body is read, so an anonymous or
    // throttled client cannot make us buffer it.
    v1.addHook('onRequest', async (req) => {
      const key = await authenticate(ctx.journal, req, ctx.byCertificate);
      requireScope(key, scopeOf(req.method, req.routeOptions.url));
      limiter.take(key);
      checkDeclaredLength(key, req.headers['content-length']);
      req.apiKey = key;
    });
    v1.addHook('preParsing', async (req, _reply, payload) => {
      const limit = req.apiKey?.maxBodyBytes;
      return limit ? payload.pipe(limitBody(limit)) : payload;
    });

    registerRegistryEntries(v1, ctx);
    registerInbox(v1, ctx.journal);
    registerInboxAccept(v1, ctx.journal, sirSender);
    registerInboxHops(v1, ctx);
    registerNotifications(v1, ctx, ctx.notifica);
    registerExpedientes(v1, ctx);

    v1.get<{ Params: { id: string } }>('/v1/messages/:id', async (req) => {
      const facts = await ctx.journal.getMessageFacts(req.params.id);
      // Another tenant's message is answered exactly like a missing one: no existence oracle.
      // A key bound to some offices (units) sees only what it may act for.
      if (!facts || !keyMaySeeMessage(req.apiKey!, facts.row)) throw new PasarelaError(Errors.INTAKE_NOT_FOUND, 'No such message');
      return messageView(facts.row, facts.history, facts.exchanges, facts.envios);
    });
  });
  return app;
}

export interface HealthServerContext {
  bus: Bus;
  journal: Journal;
  logger: Logger;
  /** The routes whose breakers and queue depths /readyz shows. */
  routes: readonly { name: string }[];
  breakers?: BreakersProbe;
  stopping?: () => boolean;
}

/** Only /healthz and /readyz: what a worker-only process serves. */
export function buildHealthServer(ctx: HealthServerContext): FastifyInstance {
  const app = Fastify({ loggerInstance: ctx.logger as FastifyBaseLogger, frameworkErrors });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFound);
  registerHealth(app, { ...ctx, routeNames: ctx.routes.map((r) => r.name) });
  return app;
}

export function notFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = req.url.split('?')[0];
  return sendProblem(reply, new PasarelaError(Errors.INTAKE_NOT_FOUND, `No endpoint ${req.method} ${path}`), path);
}
