import type { FastifyInstance } from 'fastify';
import { Errors, PasarelaError } from '../core/errors';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
    // Every id here is a UUID (messages and jobs alike): anything else names nothing, and is
    // answered as such before it reaches the journal.
    admin.addHook('preValidation', async (req) => {
      const id = (req.params as { id?: unknown } | undefined)?.id;
      if (id !== undefined && (typeof id !== 'string' || !UUID.test(id))) {
        throw new PasarelaError(Errors.ADMIN_NOT_FOUND, 'No message or replay has that id (ids are UUIDs)');
      }
    });
    registerReadRoutes(admin, ctx);
    registerActionRoutes(admin, ctx);
    registerReplayRoutes(admin, ctx);
  });
}
