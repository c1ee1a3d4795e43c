import type { FastifyInstance } from 'fastify';
import { resolveRoutes } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import type { Config } from '../../../src/config/types';
import { createSchemaRegistry } from '../../../src/core/schemas';
import { buildIntakeServer } from '../../../src/intake/server';
import { silentLogger } from '../../../src/observability/logger';
import { FakeBus, FakeJournal, TEST_KEY } from './fakes';

export interface FakeIntake {
  app: FastifyInstance;
  journal: FakeJournal;
  bus: FakeBus;
  config: Config;
  url: string;
}

const config = loadConfig({ env: {} });
const routes = resolveRoutes(config);
const schemas = createSchemaRegistry();

/**
 * The intake server over an in-memory journal and bus, listening on a free port (on a socket,
 * not inject(): light-my-request pulls an ES module jest cannot require). `prepare` runs before
 * it listens, e.g. to take the bus down or to add an onRoute hook.
 */
export async function startFakeIntake(prepare?: (parts: Omit<FakeIntake, 'url'>) => void): Promise<FakeIntake> {
  const journal = new FakeJournal(TEST_KEY);
  const bus = new FakeBus();
  const app = buildIntakeServer({ config, journal: journal.asJournal(), bus: bus.asBus(), schemas, routes, logger: silentLogger() });
  prepare?.({ app, journal, bus, config });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, journal, bus, config, url };
}
