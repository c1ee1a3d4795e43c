import type { Logger } from 'pino';
import type { Bus } from './bus/bus';
import { resolvePullClients, type PullClient } from './carpeta/clients';
import { CARPETA_PUSH_ROUTE, createCarpetaPusher } from './carpeta/push';
import type { Config } from './config/types';
import { NOTIFICA_DEFAULTS } from './connectors/notifica/config';
import type { RouteDefinition } from './core/plugin';
import type { Journal } from './journal/journal';
import { createNotificaAccess } from './notifica/access';
import { startNotificaPoller } from './notifica/poller';
import { createNotificaTracker } from './notifica/tracker';
import type { NotificaIntake } from './intake/notification-routes';
import type { RouteWorkerDeps } from './pipeline/run-route';
import type { Role } from './app';



/**
 * The services around the State's asynchronous destinations, built once per process beside the
 * route workers: Notific@'s state tracking (issue 8) and Carpeta Ciudadana's pull clients and push
 * queue (issue 9). Secrets (API keys, tokens) are read here, at start-up, so a reference that
 * cannot be read stops the process before anything connects.
 */
export interface AppServices {
  notifica?: NotificaIntake;
  carpetaClients: readonly PullClient[];
  /** A route's `onDelivered`, by its connector: Notific@'s envíos recorded, Carpeta's push queued. */
  afterDelivery(connector: string): RouteWorkerDeps['onDelivered'];
  /** Worker processes: the Notific@ poller. Resolves its handle (stop) when there is one. */
  startWatches(): { stop(): void } | undefined;
  close(): void;
}

export function buildAppServices(d: { config: Config; role: Role; journal: Journal; bus: Bus; routes: RouteDefinition[]; logger: Logger }): AppServices {
  const { config, journal, bus, logger } = d;
  const access = createNotificaAccess(config);
  const notifica = access && { access, tracker: createNotificaTracker({ journal, notices: { tenants: config.tenants, bus }, logger: logger.child({ component: 'notifica' }) }) };
  if (notifica && d.role !== 'worker' && access?.callbackKey === undefined) {
    logger.warn('the Notific@ callback endpoint (POST /notifica/AdviserWsV2) takes callbacks without an API key: set connectors.notifica.callback or restrict it at the network (docs/notifica.md)');
  }
  const carpeta = config.connectors.carpeta as { url?: unknown; push?: unknown } | undefined;
  const pushes = typeof carpeta?.url === 'string' && carpeta.push !== false && d.routes.some((r) => r.name === CARPETA_PUSH_ROUTE);
  const pusher = pushes ? createCarpetaPusher({ journal, bus, logger: logger.child({ component: 'carpeta-push' }) }) : undefined;
  return {
    notifica,
    carpetaClients: d.role === 'worker' ? [] : resolvePullClients(config),
    afterDelivery(connector) {
      if (connector === 'notifica' && notifica) return (envelope, receipt) => notifica.tracker.recordSubmission(envelope, receipt);
      if (connector === 'carpeta-projection') return pusher;
      return undefined;
    },
    startWatches() {
      if (!notifica) return undefined;
      const c = notifica.access.config;
      const p = c.polling ?? {};
      return startNotificaPoller({
        journal, access: notifica.access, tracker: notifica.tracker, logger: logger.child({ component: 'notifica-poller' }),
        quietAfterMs: p.quietAfterMs ?? NOTIFICA_DEFAULTS.quietAfterMs, intervalMs: p.intervalMs ?? NOTIFICA_DEFAULTS.intervalMs,
        batch: p.batch ?? NOTIFICA_DEFAULTS.batch, earlyHoldMs: c.earlyHoldMs ?? NOTIFICA_DEFAULTS.earlyHoldMs,
      });
    },
    close: () => access?.close(),
  };
}
