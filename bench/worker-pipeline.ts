import type { Logger } from 'pino';
import { transforms } from '../transforms';
import { resolveRoutes } from '../src/app';
import { createBus } from '../src/bus';
import type { Bus } from '../src/bus/bus';
import type { Config } from '../src/config/types';
import { connectorFactories } from '../src/connectors';
import type { RouteDefinition } from '../src/core/plugin';
import { createSchemaRegistry, type SchemaRegistry } from '../src/core/schemas';
import { acceptRegistryEntry } from '../src/intake/accept';
import { generateApiKey } from '../src/intake/api-keys';
import type { Journal } from '../src/journal/journal';
import { createRouteWorker } from '../src/pipeline/run-route';
import { retryLevels } from '../src/pipeline/retry-ladder';
import type { Cleanup } from '../chaos/cleanup';

/**
 * pasarela's pieces wired as src/app.ts wires them (bus, intake's acceptance, the route worker),
 * but on a journal the caller supplies: buildApp always builds its journal from the configured
 * URL, and the journal-cost benchmark swaps it for a baseline that writes nothing.
 */
export interface Pipeline {
  route: RouteDefinition;
  /** Accept `count` copies of `entry` as intake does (exchange id, row, publish with confirm, `queued`), `window` at once. */
  fill(entryJson: string, count: number, window: number): Promise<void>;
  /** Start the route worker (its connector already initialised); it takes the queued messages. */
  startWorker(): Promise<void>;
}

/** Start the bus on `config`'s vhost; every piece started is registered with `cleanup`. */
export async function startPipeline(config: Config, journal: Journal, logger: Logger, cleanup: Cleanup): Promise<Pipeline> {
  const routes = resolveRoutes(config);
  const route = routes[0];
  const bus: Bus = createBus({
    url: config.amqp.url, exchange: config.amqp.exchange, queuePrefix: config.amqp.queuePrefix,
    routes: routes.map((r) => ({ name: r.name, type: r.from.type, retryLevelsMs: retryLevels(r.retry), deliveryLimit: r.deliveryLimit })),
    initialMaxRetries: config.amqp.initialMaxRetries, confirmTimeoutMs: config.amqp.confirmTimeoutMs, logger,
  });
  cleanup.add('stop the bus', () => bus.stop());
  await bus.start();
  const schemas: SchemaRegistry = createSchemaRegistry();
  const connector = connectorFactories[route.to.connector]();
  const connectorConfig = config.connectors[route.to.connector] ?? {};
  await connector.init({ config: connectorConfig, logger });
  cleanup.add('close the connector', () => connector.close());
  const { hash, prefix } = generateApiKey();
  const key = await journal.createApiKey({ tenant: 'L02000023', name: 'bench', hash, prefix });
  return {
    route,
    async fill(entryJson, count, window) {
      const ctx = { config, journal, bus, schemas, routes, logger };
      let next = 0;
      await Promise.all(
        Array.from({ length: window }, async () => {
          // A fresh parse each time: acceptance writes the exchange id into the entry.
          while (next < count) {
            next++;
            await acceptRegistryEntry(ctx, { body: JSON.parse(entryJson), contentType: 'application/json', key });
          }
        }),
      );
    },
    async startWorker() {
      const timeout = Number((connectorConfig as { timeoutMs?: number }).timeoutMs ?? 30_000);
      const worker = createRouteWorker({
        route, transform: transforms[route.transform], connector, journal, bus, schemas, logger, deliveryTimeoutMs: timeout + 1_000,
      });
      cleanup.add('drain the worker', async () => {
        await bus.cancelConsumers();
        await worker.drain();
      });
      await worker.start();
    },
  };
}
