import type { FastifyInstance } from 'fastify';
import type { Bus } from '../bus/bus';
import type { Journal } from '../journal/journal';

/** `/healthz`: the process answers. `/readyz`: it can do its job (broker and journal reachable). */
export function registerHealth(app: FastifyInstance, ctx: { bus: Bus; journal: Journal }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const broker = ctx.bus.isConnected() ? 'up' : 'down';
    const journal = await ctx.journal.ping().then(() => 'up', () => 'down');
    const ready = broker === 'up' && journal === 'up';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: { broker, journal } });
  });
}
