import type { FastifyInstance } from 'fastify';
import type { Bus } from '../bus/bus';
import { Errors, PasarelaError } from '../core/errors';
import type { Journal } from '../journal/journal';

/** One route's circuit breaker as /readyz shows it. `since`: ISO-8601 instant of the last change. */
export interface BreakerView {
  state: 'closed' | 'open' | 'half-open';
  failures: number;
  since: string;
}

/** The breakers of the routes this process works, by route name. */
export type BreakersProbe = () => Record<string, BreakerView>;

export interface QueueDepths {
  work: number;
  retry: number;
  dead: number;
}

export interface RouteHealth {
  route: string;
  /** Absent in a process that runs no worker (intake only). */
  breaker?: BreakerView;
  /** Ready messages per queue; null when the broker did not tell in time. */
  depth: QueueDepths | null;
}

export interface HealthContext {
  bus: Bus;
  journal: Journal;
  routeNames: string[];
  breakers?: BreakersProbe;
  /** True once the process began shutting down: /readyz answers 503 so traffic moves elsewhere. */
  stopping?: () => boolean;
}

/** How long /readyz waits for one route's queue depths. */
const DEPTH_TIMEOUT_MS = 1_000;

/**
 * `/healthz`: the process answers. `/readyz`: it can do its job (broker and journal reachable),
 * plus each route's breaker and queue depths as detail. An open breaker does not make the
 * process not-ready: the process is fine, its destination is not, and restarting or taking it
 * out of rotation would not help (it would only stop intake from queueing for later).
 */
export function registerHealth(app: FastifyInstance, ctx: HealthContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const broker = ctx.bus.isConnected() ? 'up' : 'down';
    const [journal, routes] = await Promise.all([
      ctx.journal.ping().then(() => 'up', () => 'down'),
      routeHealth(ctx, broker === 'up'),
    ]);
    const stopping = ctx.stopping?.() ?? false;
    const ready = broker === 'up' && journal === 'up' && !stopping;
    const status = stopping ? 'stopping' : ready ? 'ready' : 'not-ready';
    return reply.code(ready ? 200 : 503).send({ status, checks: { broker, journal }, routes });
  });
}

/** Depths in parallel, each bounded, so a slow broker cannot make /readyz slow. */
async function routeHealth(ctx: HealthContext, brokerUp: boolean): Promise<RouteHealth[]> {
  const breakers = ctx.breakers?.() ?? {};
  return Promise.all(
    ctx.routeNames.map(async (route) => {
      const depth = brokerUp ? await within(DEPTH_TIMEOUT_MS, ctx.bus.queueDepths(route)).catch(() => null) : null;
      const breaker = breakers[route];
      return breaker ? { route, breaker, depth } : { route, depth };
    }),
  );
}

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PasarelaError(Errors.BUS_UNREACHABLE, `No answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
