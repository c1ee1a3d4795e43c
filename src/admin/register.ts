import type { FastifyInstance } from 'fastify';
import type { Actor } from '../journal/operations';
import { authenticateOperator, requireRole } from './auth';
import type { AdminContext } from './context';
import { roleFor } from './roles';
import { registerActionRoutes } from './routes-actions';
import { registerReadRoutes } from './routes-read';
import { registerReplayRoutes } from './routes-replays';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: Actor;
  }
}

/**
 * The operator API under /admin/v1, in its own encapsulated context: its own authentication
 * (operator tokens, never tenant keys) and the role of every endpoint from ./roles.ts, both
 * checked before the body is read. Errors are problem+json like the rest of the API.
 */
export function registerAdmin(app: FastifyInstance, ctx: AdminContext): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (req) => {
      const actor = await authenticateOperator(ctx.journal, req);
      requireRole(actor, roleFor(req.method, req.routeOptions.url));
      req.operator = actor;
    });
    registerReadRoutes(admin, ctx);
    registerActionRoutes(admin, ctx);
    registerReplayRoutes(admin, ctx);
  });
}
