import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { transforms } from '../transforms';
import { createBus } from './bus';
import type { Bus } from './bus/bus';
import { compileSchema, describeErrors } from './config/ajv';
import { resolveAdapterConfigs } from './config/adapters';
import { loadRoutes } from './config/routes';
import type { Config } from './config/types';
import { CONNECTOR_CONFIG_FALLBACK, connectorFactories } from './connectors';
import { Errors, PasarelaError } from './core/errors';
import type { Connector, RouteDefinition } from './core/plugin';
import { createSchemaRegistry } from './core/schemas';
import { createJournal } from './journal';
import type { Journal } from './journal/journal';
import { buildHealthServer, buildIntakeServer } from './intake/server';
import { createCertificateAuthenticator } from './intake/client-cert';
import { httpsOptions } from './intake/tls-options';
import { createRouteWorker } from './pipeline/run-route';
import { buildAppServices } from './app-services';
import { retryLevels } from './pipeline/retry-ladder';
import { SIR_ACK_DEFAULTS } from './connectors/sir/config';
import { startAckWatch, type AckWatchDeps } from './sir/ack-watch';
import { startReplayRunner, type ReplayRunner } from './admin/replay-runner';
import { buildAdminServer } from './admin/server';

export type Role = 'intake' | 'worker' | 'all';

export interface AppOptions {
  role?: Role;
  logger: Logger;
}

export interface App {
  start(): Promise<void>;
  /** Idempotent: stop accepting, drain in-flight work, close connections. */
  stop(): Promise<void>;
  /** Base URL of the intake API once started (intake roles only). */
  url(): string | undefined;
  /** Base URL of the admin API once started: its own listener (`admin.http`) or intake's. */
  adminUrl(): string | undefined;
  readonly journal: Journal;
  readonly bus: Bus;
  readonly routes: RouteDefinition[];
}

/** Resolve routes and validate each route's connector settings, before anything connects. */
export function resolveRoutes(config: Config): RouteDefinition[] {
  const routes = loadRoutes(config.routesDir, { transforms, connectors: connectorFactories });
  for (const r of routes) {
    const connector = connectorFactories[r.to.connector]();
    const validate = compileSchema(connector.configSchema);
    if (!validate(config.connectors[r.to.connector] ?? {})) {
      throw new PasarelaError(Errors.CONFIG_INVALID, 'Invalid configuration:\n  ' + describeErrors(validate.errors, `config/connectors/${r.to.connector}`).join('\n  '));
    }
  }
  return routes;
}

export function buildApp(config: Config, opts: AppOptions): App {
  const role = opts.role ?? 'all';
  const logger = opts.logger;
  const routes = resolveRoutes(config);
  const adapterConfigs = resolveAdapterConfigs(config);
  // TLS files and certificate mappings are checked before anything connects (CONFIG_INVALID).
  const https = role === 'worker' ? undefined : httpsOptions(config);
  const byCertificate = role === 'worker' ? undefined : createCertificateAuthenticator(config);
  const schemas = createSchemaRegistry();
  const journal = createJournal(config.journal.url, { logger });
  const bus = createBus({
    url: config.amqp.url,
    exchange: config.amqp.exchange,
    queuePrefix: config.amqp.queuePrefix,
    routes: routes.map((r) => ({ name: r.name, type: r.from.type, retryLevelsMs: retryLevels(r.retry), deliveryLimit: r.deliveryLimit })),
    initialMaxRetries: config.amqp.initialMaxRetries,
    confirmTimeoutMs: config.amqp.confirmTimeoutMs,
    logger: logger.child({ component: 'bus' }),
  });
  let http: FastifyInstance | undefined;
  let address: string | undefined;
  let adminHttp: FastifyInstance | undefined;
  let adminAddress: string | undefined;
  const connectors: Connector[] = [];
  const workers: { route: string; worker: ReturnType<typeof createRouteWorker> }[] = [];
  // Only processes that run workers have breakers to show.
  const breakers = role === 'intake' ? undefined : () => Object.fromEntries(workers.map((w) => [w.route, w.worker.breaker()]));
  let stopped: Promise<void> | undefined;
  const isStopping = (): boolean => stopped !== undefined;

  const watches: { stop(): void }[] = [];
  const services = buildAppServices({ config, role, journal, bus, routes, logger });
  let replays: ReplayRunner | undefined;

  /**
   * SIR answers asynchronously: fichero sent, then ACK and CONFIRMACIÓN through WS_SIR9. One
   * watch for every route that sends ficheros through the `sir` connector.
   */
  function startSirAckWatch(senders: AckWatchDeps['senders'], cfg: Record<string, unknown>, deliveryTimeoutMs: number) {
    const sir = { ...SIR_ACK_DEFAULTS, ...(cfg as { ackTimeoutMs?: number; maxResends?: number }) };
    return startAckWatch({
      senders, journal, logger: logger.child({ component: 'sir-ack-watch' }), ackTimeoutMs: sir.ackTimeoutMs, maxResends: sir.maxResends, deliveryTimeoutMs,
    });
  }

  async function startWorkers(): Promise<void> {
    const sirSenders: AckWatchDeps['senders'] = {};
    for (const route of routes) {
      const connector = connectorFactories[route.to.connector]();
      const connectorConfig = config.connectors[route.to.connector] ?? config.connectors[CONNECTOR_CONFIG_FALLBACK[route.to.connector] ?? ''] ?? {};
      await connector.init({ config: connectorConfig, logger: logger.child({ connector: connector.name }), tenants: config.tenants, journal });
      connectors.push(connector);
      const timeout = Number((connectorConfig as { timeoutMs?: number }).timeoutMs ?? 30_000);
      const worker = createRouteWorker({
        route, transform: transforms[route.transform], connector, journal, bus, schemas,
        logger: logger.child({ component: 'worker' }), deliveryTimeoutMs: timeout + 1_000,
        onDelivered: services.afterDelivery(route.to.connector),
      });
      await worker.start();
      workers.push({ route: route.name, worker });
      if (route.to.connector === 'sir') sirSenders[route.name] = { transform: transforms[route.transform], connector };
    }
    const sirConfig = config.connectors.sir ?? {};
    const sirTimeout = Number((sirConfig as { timeoutMs?: number }).timeoutMs ?? 30_000);
    if (Object.keys(sirSenders).length) watches.push(startSirAckWatch(sirSenders, sirConfig, sirTimeout + 1_000));
    const poller = services.startWatches();
    if (poller) watches.push(poller);
  }

  /** One shutdown step; a failing step is logged and the next ones still run. */
  async function step(name: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      logger.warn({ err: e, step: name }, 'shutdown step failed');
    }
  }

  /**
   * Intake keeps listening while workers drain, answering 503 (and /readyz 503), so clients get
   * a clear "try again" rather than a refused connection; it closes once in-flight work is done.
   */
  async function shutdown(): Promise<void> {
    // First: a bulk replay's current step finishes and its lease is given up for the next start.
    await step('stop bulk replays', async () => replays?.stop());
    await step('close the admin listener', async () => adminHttp?.close());
    await step('cancel consumers', () => bus.cancelConsumers());
    await step('drain workers', async () => {
      for (const w of watches) w.stop();
      await Promise.all(workers.map((w) => w.worker.drain()));
    });
    await step('close intake', async () => http?.close());
    await step('close connectors', () => Promise.all(connectors.map((c) => c.close())));
    await step('close the Notific@ client', async () => services.close());
    await step('stop bus', () => bus.stop());
    await step('close journal', () => journal.close());
  }

  /** Thrown by start() steps once stop() was called, so a late start cannot listen after stop. */
  function ensureRunning(): void {
    if (stopped) throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'pasarela is stopping');
  }

  return {
    journal, bus, routes,
    url: () => address,
    adminUrl: () => adminAddress ?? address,
    async start() {
      await journal.migrate();
      ensureRunning();
      await bus.start();
      ensureRunning();
      // A worker-only process still answers /healthz and /readyz on http.port, so it can be probed.
      // Processes that serve the admin API also work through its bulk replays.
      if (role !== 'worker') replays = startReplayRunner({
        journal, bus, logger: logger.child({ component: 'replays' }), routes: routes.map((r) => r.name), ...config.admin?.replays,
      });
      const kickReplays = () => replays?.kick();
      const ownAdmin = role !== 'worker' ? config.admin?.http : undefined;
      http = role === 'worker'
        ? buildHealthServer({ bus, journal, logger, routes, breakers, stopping: isStopping })
        : buildIntakeServer(
          { config, journal, bus, schemas, routes, logger, breakers, stopping: isStopping, adapterConfigs, https, byCertificate, notifica: services.notifica, carpetaClients: services.carpetaClients },
          { kickReplays, separate: ownAdmin !== undefined },
        );
      address = await http.listen({ host: config.http.host, port: config.http.port });
      ensureRunning();
      if (ownAdmin) {
        adminHttp = buildAdminServer({ config, journal, bus, schemas, routes, logger, kickReplays });
        adminAddress = await adminHttp.listen(ownAdmin);
        ensureRunning();
      }
      if (role !== 'intake') await startWorkers();
      logger.info({ role, url: address, adminUrl: adminAddress ?? address, routes: routes.map((r) => r.name) }, 'pasarela started');
    },
    stop() {
      stopped ??= shutdown();
      return stopped;
    },
  };
}
