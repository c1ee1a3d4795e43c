import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { createVhost, deleteVhost, vhostUrl } from '../chaos/broker';
import { createCleanup, type Cleanup } from '../chaos/cleanup';
import { createDatabase, dropDatabase } from '../chaos/database';
import { loadConfig } from '../src/config/load';
import type { Config } from '../src/config/types';
import { projectPath } from '../src/core/paths';

/** The shipped route every benchmark runs, as it is or without its rate limit. */
export const ROUTE_FILE = 'registry-entry-to-sir.yaml';

/**
 * One benchmark run's own world: a RabbitMQ vhost (deleted with everything in it), a temp folder
 * and, when asked, a PostgreSQL database. `cleanup.run()` removes it all, newest first.
 */
export interface BenchWorld {
  amqpUrl: string;
  dir: string;
  cleanup: Cleanup;
}

/** Worlds not yet cleaned up, so Ctrl-C removes their vhosts and databases too. */
const live = new Set<Cleanup>();
let signalsHooked = false;

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  const stop = (signal: string): void => {
    process.stderr.write(`bench: ${signal} received; cleaning up\n`);
    void Promise.allSettled([...live].map((c) => c.run())).finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

export async function benchWorld(): Promise<BenchWorld> {
  hookSignals();
  const cleanup = createCleanup((line) => process.stderr.write(`bench: ${line}\n`));
  live.add(cleanup);
  cleanup.add('forget the world', () => live.delete(cleanup));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-bench-'));
  cleanup.add('remove the temp folder', () => rmSync(dir, { recursive: true, force: true }));
  const vhost = `pasarela-bench-${randomBytes(4).toString('hex')}`;
  try {
    await createVhost(vhost);
  } catch (e) {
    await cleanup.run();
    throw e;
  }
  cleanup.add(`delete vhost ${vhost}`, () => deleteVhost(vhost));
  return { amqpUrl: vhostUrl(vhost), dir, cleanup };
}

/** A fresh PostgreSQL database for this world (PASARELA_TEST_PG_URL's server); resolves its URL. */
export async function benchDatabase(world: BenchWorld): Promise<string> {
  const name = `pasarela_bench_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(name);
  world.cleanup.add(`drop database ${name}`, () => dropDatabase(name));
  return url;
}

/** The shipped route's settings, parsed. */
export function shippedRoute(): Record<string, unknown> {
  return parseYaml(readFileSync(projectPath('routes', ROUTE_FILE), 'utf8')) as Record<string, unknown>;
}

/** A routes folder in `dir` holding the shipped route, with its rate limit or without it. */
export function writeRoutes(dir: string, rateLimited: boolean): string {
  const folder = path.join(dir, rateLimited ? 'routes-limited' : 'routes-unlimited');
  mkdirSync(folder);
  const route = shippedRoute();
  if (!rateLimited) delete route.rateLimit;
  writeFileSync(path.join(folder, ROUTE_FILE), toYaml(route));
  return folder;
}

/** Configuration for a benchmark app: the world's vhost, the given journal, routes and SIR endpoint. */
export function benchConfig(o: { amqpUrl: string; journalUrl: string; routesDir: string; sirUrl: string }): Config {
  return loadConfig({
    overrides: {
      http: { port: 0, host: '127.0.0.1' },
      amqp: { url: o.amqpUrl },
      journal: { url: o.journalUrl },
      routesDir: o.routesDir,
      connectors: { sir: { endpoint: o.sirUrl, timeoutMs: 10_000, wssec: { sign: false } } },
    },
  });
}
