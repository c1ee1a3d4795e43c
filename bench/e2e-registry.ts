import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import amqplib from 'amqplib';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config/load';
import { projectPath } from '../src/core/paths';
import type { RegistryEntry } from '../src/core/registry-entry';
import { generateApiKey } from '../src/intake/api-keys';
import { silentLogger } from '../src/observability/logger';
import type { RateResult } from './baseline-amqp';
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
 * stops when the SIR simulator (its own process) has answered `00` to all of them. Own exchange and queue prefix
 * on the configured broker, SQLite journal in a temp folder; all removed afterwards.
 */
export async function e2eRegistryEntries(count: number, clients: number, bytes = 1024, journalUrl?: string): Promise<E2eResult> {
  const tag = `bench-${randomBytes(4).toString('hex')}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-bench-'));
  const sim = await startSimulatorProcess();
  const config = loadConfig({
    overrides: {
      http: { port: 0, host: '127.0.0.1' },
      amqp: { exchange: `${tag}.messages`, queuePrefix: tag },
      journal: { url: journalUrl ?? `sqlite:${path.join(tmp, 'journal.db')}` },
      connectors: { sir: { endpoint: sim.url, timeoutMs: 10_000 } },
    },
  });
  const app = buildApp(config, { role: 'all', logger: silentLogger() });
  await app.start();
  try {
    const { key, hash, prefix } = generateApiKey();
    await app.journal.createApiKey({ tenant: 'L02000023', name: 'bench', hash, prefix });
    const body = JSON.stringify(entryOfSize(bytes));
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < count) {
          next++;
          const res = await fetch(`${app.url()}/v1/registry-entries`, {
            method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body,
          });
          if (res.status !== 202) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        }
      }),
    );
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
    await app.stop();
    await sim.stop();
    await removeTopology(config.amqp.url, config.amqp.exchange, app.routes.map((r) => `${tag}.${r.name}.work`));
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function removeTopology(url: string, exchange: string, queues: string[]): Promise<void> {
  const conn = await amqplib.connect(url);
  const ch = await conn.createChannel();
  for (const q of queues) await ch.deleteQueue(q);
  await ch.deleteExchange(exchange);
  await conn.close();
}
