import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { notFound } from '../intake/server';
import { errorHandler, frameworkErrors } from '../intake/problem';
import type { AdminContext } from './context';
import { registerAdmin } from './register';

/**
 * The admin API on a listener of its own (`admin.http` in the configuration), so it can be bound
 * to an internal interface while intake faces the municipalities. It serves /admin/v1 only:
 * the tenant API, the SIR endpoints and /openapi.json stay on intake's listener.
 */
export function buildAdminServer(ctx: AdminContext): FastifyInstance {
  const app = Fastify({ loggerInstance: ctx.logger as FastifyBaseLogger, bodyLimit: ctx.config.http.bodyLimitBytes, frameworkErrors });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFound);
  registerAdmin(app, ctx);
  return app;
}
