import type { ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import type { Envelope } from '../core/envelope';
import { Errors, PasarelaError } from '../core/errors';
import type { Bus, BusOptions, BusRoute, DeliveryHandler } from './bus';
import { BusLink } from './connection';
import { Consumers } from './consumer';
import { declareTopology } from './declare';
import { readyCounts } from './depths';
import { Publisher } from './publisher';
import { retryMessage } from './retry';
import { checkRoutes, deadQueueName, retryQueueName, topologySteps, workQueueName, type TopologySpec } from './topology';

export { ATTEMPT_HEADER } from './bus';
export type { Bus, BusOptions, BusRoute, Delivery, DeliveryHandler } from './bus';
export { parseEnvelope } from './delivery';
export { deadExchangeName, deadQueueName, retryQueueName, routingKeyFor, workQueueName } from './topology';

const DEFAULTS = { exchange: 'pasarela.messages', queuePrefix: 'pasarela', initialMaxRetries: 2, confirmTimeoutMs: 10000, drainTimeoutMs: 5000 };

/** The RabbitMQ bus (see `Bus`). Nothing connects until `start()`. */
export function createBus(options: BusOptions): Bus {
  checkRoutes(options.routes);
  const spec: TopologySpec = {
    exchange: options.exchange || DEFAULTS.exchange,
    queuePrefix: options.queuePrefix || DEFAULTS.queuePrefix,
    routes: options.routes,
  };
  const logger = options.logger;
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULTS.drainTimeoutMs;
  let starting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;
  const link: BusLink = new BusLink({
    url: options.url,
    initialMaxRetries: options.initialMaxRetries ?? DEFAULTS.initialMaxRetries,
    logger,
    setup: (model) => setup(model),
  });
  const liveModel = (): ChannelModel | null => link.model();
  const publisher = new Publisher({
    exchange: spec.exchange,
    confirmTimeoutMs: options.confirmTimeoutMs ?? DEFAULTS.confirmTimeoutMs,
    logger,
    isUp: () => link.isUp(),
    liveModel,
  });
  const consumers = new Consumers({ logger, liveModel });

  async function setup(model: ChannelModel): Promise<void> {
    await declareTopology(model, topologySteps(spec), logger);
    await publisher.open(model);
    await consumers.setupAll(model);
  }

  const queueName = (route: string): string => workQueueName(spec.queuePrefix, route);
  const knownRoute = (route: string): BusRoute => {
    const found = spec.routes.find((r) => r.name === route);
    if (!found) throw new PasarelaError(Errors.ROUTE_INVALID, `The bus has no route named ${route}`, { details: { route } });
    return found;
  };
  const stopped = (): PasarelaError => new PasarelaError(Errors.BUS_UNREACHABLE, 'The bus is stopped');
  const connected = (): ChannelModel => {
    const model = liveModel();
    if (stopping || !model || !link.isUp()) throw new PasarelaError(Errors.BUS_UNREACHABLE, 'Not connected to RabbitMQ');
    return model;
  };

  return {
    start() {
      if (stopping) return Promise.reject(stopped());
      starting ??= link.open().catch((err: unknown) => {
        starting = null;
        throw err;
      });
      return starting;
    },
    queueName,
    hasRoute: (route: string) => spec.routes.some((r) => r.name === route),
    publish(envelope: Envelope, routingKey: string, headers?: Record<string, string | number>) {
      if (stopping) return Promise.reject(stopped());
      return publisher.publish(envelope, routingKey, headers);
    },
    async consume(route: string, prefetch: number, handler: DeliveryHandler) {
      if (stopping) throw stopped();
      knownRoute(route);
      checkPrefetch(prefetch);
      await consumers.add(route, queueName(route), prefetch, handler, 'work');
    },
    async consumeDead(route: string, prefetch: number, handler: DeliveryHandler) {
      if (stopping) throw stopped();
      knownRoute(route);
      checkPrefetch(prefetch);
      await consumers.add(route, deadQueueName(spec.queuePrefix, route), prefetch, handler, 'dead');
    },
    async publishRetry(route: string, level: number, body: Buffer, headers: Record<string, unknown>, expirationMs: number) {
      if (stopping) throw stopped();
      await publisher.publishRaw(retryMessage(spec.queuePrefix, knownRoute(route), level, body, headers, expirationMs));
    },
    async pause(route: string) {
      knownRoute(route);
      await consumers.pause(route);
    },
    async resume(route: string) {
      knownRoute(route);
      await consumers.resume(route);
    },
    cancelConsumers: () => consumers.cancelAll(),
    isConnected: () => !stopping && link.isUp() && publisher.ready(),
    async queueDepth(route: string) {
      knownRoute(route);
      const [work] = await readyCounts(connected(), [queueName(route)], logger);
      return work;
    },
    async queueDepths(route: string) {
      const r = knownRoute(route);
      const retries = r.retryLevelsMs.map((_, i) => retryQueueName(spec.queuePrefix, route, i + 1));
      const [work, dead, ...levels] = await readyCounts(connected(), [queueName(route), deadQueueName(spec.queuePrefix, route), ...retries], logger);
      return { work, retry: levels.reduce((a, b) => a + b, 0), dead };
    },
    stop() {
      stopping ??= stopAll(consumers, publisher, link, drainTimeoutMs, logger);
      return stopping;
    },
  };
}

function checkPrefetch(prefetch: number): void {
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65535) {
    throw new PasarelaError(Errors.CONFIG_INVALID, `prefetch must be an integer from 1 to 65535, got ${prefetch}`);
  }
}

async function stopAll(consumers: Consumers, publisher: Publisher, link: BusLink, drainMs: number, logger: Logger): Promise<void> {
  await consumers.cancelAll();
  const drained = await waitUntil(() => consumers.inFlight() === 0 && publisher.pendingCount() === 0, drainMs);
  if (!drained) {
    logger.warn({ inFlight: consumers.inFlight(), pendingPublishes: publisher.pendingCount() }, 'Stopping with work in flight; the broker will redeliver it');
  }
  await consumers.close();
  await publisher.close();
  await link.close();
  logger.info('Bus stopped');
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
