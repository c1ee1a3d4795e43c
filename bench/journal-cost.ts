import path from 'node:path';
import { createJournal } from '../src/journal';
import type { Journal } from '../src/journal/journal';
import { silentLogger } from '../src/observability/logger';
import { entryOfSize } from './e2e-registry';
import { benchConfig, benchDatabase, benchWorld, writeRoutes, type BenchWorld } from './environment';
import { createNullJournal } from './null-journal';
import { secondsSince, sleep } from './samples';
import { startSimulatorProcess } from './sim-process';
import { startPipeline } from './worker-pipeline';

/** sqlite: a file, WAL, synchronous=FULL (the default); none: the baseline that writes nothing. */
export type JournalKind = 'sqlite' | 'postgres' | 'none';

export interface QueuedDrain {
  kind: JournalKind;
  count: number;
  seconds: number;
  perSecond: number;
}

async function journalFor(kind: JournalKind, world: BenchWorld): Promise<{ journal: Journal; url: string }> {
  if (kind === 'none') return { journal: createNullJournal(), url: 'sqlite::memory:' };
  const url = kind === 'sqlite' ? `sqlite:${path.join(world.dir, 'journal.db')}` : await benchDatabase(world);
  const journal = createJournal(url);
  world.cleanup.add('close the journal', () => journal.close());
  await journal.migrate();
  return { journal, url };
}

/**
 * The route worker delivering `count` messages that are already queued: intake's acceptance
 * fills the queue and the journal first (not timed), then the clock runs from the worker's start
 * until the journal counts every message `delivered`. The shipped route without its rate limit;
 * own vhost, journal and simulator process. Per delivery the worker reads the row, claims it
 * (`delivering`, a lease) and records `delivered`: one read and two commits.
 */
export async function drainQueued(kind: JournalKind, count: number): Promise<QueuedDrain> {
  const world = await benchWorld();
  try {
    const sim = await startSimulatorProcess();
    world.cleanup.add('stop the SIR simulator', () => sim.stop());
    const { journal, url } = await journalFor(kind, world);
    const config = benchConfig({ amqpUrl: world.amqpUrl, journalUrl: url, routesDir: writeRoutes(world.dir, false), sirUrl: sim.url });
    const pipeline = await startPipeline(config, journal, silentLogger(), world.cleanup);
    await pipeline.fill(JSON.stringify(entryOfSize(1024)), count, 16);
    const started = process.hrtime.bigint();
    await pipeline.startWorker();
    const until = Date.now() + 600_000;
    // SIR's count (another process) is polled until it has them all; only then the journal's.
    while ((await sim.stats()).unique < count) {
      if (Date.now() > until) throw new Error(`only ${(await sim.stats()).unique} of ${count} queued messages reached SIR in time`);
      await sleep(50);
    }
    for (;;) {
      const counts = await journal.countByStatus({ route: pipeline.route.name });
      if (counts.delivered === count) break;
      if (counts.parked || Date.now() > until) throw new Error(`the queued messages did not all end delivered: ${JSON.stringify(counts)}`);
      await sleep(10);
    }
    const seconds = secondsSince(started);
    const { duplicates } = await sim.stats();
    if (duplicates !== 0) throw new Error(`SIR received ${duplicates} duplicate ficheros`);
    return { kind, count, seconds, perSecond: count / seconds };
  } finally {
    await world.cleanup.run();
  }
}
