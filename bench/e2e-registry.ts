import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/app';
import { projectPath } from '../src/core/paths';
import type { RegistryEntry } from '../src/core/registry-entry';
import { silentLogger } from '../src/observability/logger';
import type { RateResult } from './baseline-amqp';
import { benchConfig, benchWorld, writeRoutes } from './environment';
import { benchApiKey, postEntries } from './poster';
import { startSimulatorProcess } from './sim-process';

/**
 * A registry entry whose JSON body is exactly `bytes` long: the documented example without its
 * annex, representative and some optional names and contact details, its `expone` padded to size.
 */
export function entryOfSize(bytes: number): RegistryEntry {
  const entry = JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'registry-entry.json'), 'utf8')) as RegistryEntry;
  entry.annexes = [];
  const party = entry.interested[0];
  delete party.representative;
  delete party.remarks;
  for (const key of ['email', 'phone', 'secondSurname'] as const) delete party.interested[key];
  delete entry.control.userContact;
  delete entry.origin.officeName;
  delete entry.destination.officeName;
  delete entry.destination.unitName;
  const size = Buffer.byteLength(JSON.stringify(entry));
  if (size > bytes) throw new Error(`the smallest benchmark entry is ${size} bytes, more than ${bytes}`);
  entry.form.expone += 'x'.repeat(bytes - size);
  return entry;
}

export interface E2eResult {
  accepted: RateResult;
  delivered: RateResult;
  bodyBytes: number;
}

/**
 * End to end on real parts: `clients` concurrent HTTP clients post `count` entries; the clock
 * stops when the SIR simulator (its own process) has answered `00` to all of them. Its own vhost
 * and SQLite journal in a temp folder, all removed afterwards. The route is the shipped one
 * without its rate limit: this measures the pipeline, not the limit (see backlog-drain.ts).
 */
export async function e2eRegistryEntries(count: number, clients: number, bytes = 1024, journalUrl?: string): Promise<E2eResult> {
  const world = await benchWorld();
  try {
    const sim = await startSimulatorProcess();
    world.cleanup.add('stop the SIR simulator', () => sim.stop());
    const config = benchConfig({
      amqpUrl: world.amqpUrl,
      journalUrl: journalUrl ?? `sqlite:${path.join(world.dir, 'journal.db')}`,
      routesDir: writeRoutes(world.dir, false),
      sirUrl: sim.url,
    });
    const app = buildApp(config, { role: 'all', logger: silentLogger() });
    world.cleanup.add('stop pasarela', () => app.stop());
    await app.start();
    const key = await benchApiKey(app.journal);
    const body = JSON.stringify(entryOfSize(bytes));
    const started = process.hrtime.bigint();
    await postEntries(app.url()!, key, body, count, clients);
    const acceptedAt = process.hrtime.bigint();
    const deadline = Date.now() + 300_000;
    let stats = await sim.stats();
    while (stats.unique < count) {
      if (Date.now() > deadline) throw new Error(`only ${stats.unique} of ${count} entries reached SIR within 5 minutes`);
      await new Promise((r) => setTimeout(r, 20));
      stats = await sim.stats();
    }
    const deliveredAt = process.hrtime.bigint();
    if (stats.duplicates !== 0) throw new Error(`SIR received ${stats.duplicates} duplicate ficheros`);
    const rate = (end: bigint): RateResult => {
      const seconds = Number(end - started) / 1e9;
      return { count, seconds, perSecond: count / seconds };
    };
    return { accepted: rate(acceptedAt), delivered: rate(deliveredAt), bodyBytes: Buffer.byteLength(body) };
  } finally {
    await world.cleanup.run();
  }
}
