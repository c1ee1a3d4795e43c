import path from 'node:path';
import { buildApp, type App } from '../src/app';
import type { RouteDefinition } from '../src/core/plugin';
import { silentLogger } from '../src/observability/logger';
import { MAX_DOWN_FOR_MS } from '../simulators/sir/faults';
import { entryOfSize } from './e2e-registry';
import { benchConfig, benchWorld, writeRoutes } from './environment';
import { benchApiKey, postEntries } from './poster';
import { peakRate, secondsSince, sleep, type Sample } from './samples';
import { startSimulatorProcess, type SimulatorProcess } from './sim-process';

export interface DrainResult {
  count: number;
  /** The route's limit; undefined for the unlimited variant. */
  rateLimit?: { perSecond: number; burst: number };
  breaker: RouteDefinition['breaker'];
  /** Posting the backlog while SIR was down (not part of the drain). */
  buildSeconds: number;
  /** How long the breaker had been open when SIR came back. */
  breakerOpenSeconds: number;
  /** SIR listening again -> first fichero accepted: the breaker's probe wait. */
  probeWaitSeconds: number;
  /** First fichero accepted -> every row `delivered` in the journal. */
  drainSeconds: number;
  /** SIR listening again -> every row `delivered`: what an operator waits. */
  totalSeconds: number;
  /** count / drainSeconds. */
  perSecond: number;
  /** Ficheros accepted by SIR per second over the busiest 1 s and 10 s stretches. */
  peak1s: number;
  peak10s: number;
  /** Ficheros SIR received twice (the same exchange id). */
  duplicates: number;
}

/** Read /readyz: the route's breaker (must be open) and how long it has been. */
async function openBreakerSeconds(app: App, route: string): Promise<number> {
  const ready = (await (await fetch(`${app.url()}/readyz`)).json()) as { routes: { route: string; breaker?: { state: string; since: string } }[] };
  const breaker = ready.routes.find((r) => r.route === route)?.breaker;
  if (breaker?.state !== 'open') throw new Error(`the breaker of ${route} is ${breaker?.state ?? 'missing'}, not open, with SIR down`);
  return (Date.now() - Date.parse(breaker.since)) / 1000;
}

/** Every row `queued` (the few tried before the breaker opened are back on the retry ladder). */
async function waitAllQueued(app: App, route: string, count: number): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    const counts = await app.journal.countByStatus({ route });
    if (counts.queued === count) return;
    if (Date.now() > until) throw new Error(`the backlog did not settle as ${count} queued rows: ${JSON.stringify(counts)}`);
    await sleep(200);
  }
}

/**
 * Sample SIR's accepted count every 100 ms from `up` until the journal holds every row as
 * `delivered`; resolves the samples and the moments (seconds after `up`) of the first fichero
 * and of the last `delivered`.
 */
async function watchDrain(app: App, sim: SimulatorProcess, route: RouteDefinition, count: number, up: bigint) {
  const samples: Sample[] = [{ t: 0, n: 0 }];
  const limit = route.rateLimit?.perSecond ?? 20;
  const until = Date.now() + (count / limit) * 3_000 + 120_000;
  let firstAt: number | undefined;
  for (;;) {
    const { received, unique } = await sim.stats();
    const t = secondsSince(up);
    samples.push({ t, n: received });
    if (firstAt === undefined && received > 0) firstAt = t;
    // The journal is read only once SIR has them all: its count is the end of the clock.
    if (unique >= count && (await app.journal.countByStatus({ route: route.name })).delivered === count) {
      return { samples, firstAt: firstAt!, doneAt: secondsSince(up) };
    }
    if (Date.now() > until) throw new Error(`the backlog was not drained in time: ${unique} of ${count} at SIR`);
    await sleep(100);
  }
}

/**
 * A backlog of `count` entries built while SIR is down, then drained once it is back. The
 * simulator starts down; pasarela (intake and worker in one process, the shipped route with its
 * rate limit or without it) accepts the entries; the first deliveries fail, the breaker opens
 * and consumption pauses, so the entries wait journaled and queued. Then SIR comes back and the
 * clock runs until every row is `delivered` in the journal. Own vhost and SQLite journal.
 */
export async function backlogDrain(count: number, clients: number, rateLimited: boolean): Promise<DrainResult> {
  const world = await benchWorld();
  try {
    const sim = await startSimulatorProcess({ down: true, downForMs: MAX_DOWN_FOR_MS });
    world.cleanup.add('stop the SIR simulator', () => sim.stop());
    const config = benchConfig({
      amqpUrl: world.amqpUrl,
      journalUrl: `sqlite:${path.join(world.dir, 'journal.db')}`,
      routesDir: writeRoutes(world.dir, rateLimited),
      sirUrl: sim.url,
    });
    const app = buildApp(config, { role: 'all', logger: silentLogger() });
    world.cleanup.add('stop pasarela', () => app.stop());
    await app.start();
    const route = app.routes[0];
    const key = await benchApiKey(app.journal);
    const built = process.hrtime.bigint();
    await postEntries(app.url()!, key, JSON.stringify(entryOfSize(1024)), count, clients);
    const buildSeconds = secondsSince(built);
    await waitAllQueued(app, route.name, count);
    const breakerOpenSeconds = await openBreakerSeconds(app, route.name);
    await sim.setFaults({});
    const up = process.hrtime.bigint();
    const { samples, firstAt, doneAt } = await watchDrain(app, sim, route, count, up);
    const drainSeconds = doneAt - firstAt;
    return {
      count, rateLimit: route.rateLimit, breaker: route.breaker, buildSeconds, breakerOpenSeconds,
      probeWaitSeconds: firstAt, drainSeconds, totalSeconds: doneAt, perSecond: count / drainSeconds,
      peak1s: peakRate(samples, 1), peak10s: peakRate(samples, 10), duplicates: (await sim.stats()).duplicates,
    };
  } finally {
    await world.cleanup.run();
  }
}
