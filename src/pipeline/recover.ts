import { ATTEMPT_HEADER } from '../bus/bus';
import { Headers } from '../core/envelope';
import type { RouteWorkerDeps } from './run-route';

const BATCH = 100;

/**
 * Rows left in `delivering` by a worker that died (kill -9, power loss) longer ago than the
 * lease: queue the message again from the journal, then mark the row `queued`. Usually the
 * broker already returned the dead worker's delivery and this copy is redundant, which is
 * harmless: the lease lets one copy deliver, the others find it settled. Runs at start and
 * every `leaseMs`; several workers may run it at once for the same reason.
 */
export function startRecovery(deps: RouteWorkerDeps, leaseMs: number): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (): void => {
    recoverStale(deps, leaseMs)
      .catch((err: unknown) => deps.logger.warn({ err, route: deps.route.name }, 'stale delivery recovery failed; will try again'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, leaseMs).unref();
      });
  };
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export async function recoverStale(deps: RouteWorkerDeps, leaseMs: number): Promise<number> {
  const before = new Date(Date.now() - leaseMs).toISOString();
  const rows = (await deps.journal.listStaleDelivering(before, BATCH)).filter((r) => r.route === deps.route.name);
  let recovered = 0;
  for (const row of rows) {
    const headers = { [Headers.type]: row.type, [Headers.tenant]: row.tenant, [Headers.route]: row.route, [ATTEMPT_HEADER]: row.attempts };
    // Publish first: a row marked `queued` with no message anywhere would be stuck for good.
    await deps.bus.publish(row.envelope, `${row.type}.${row.route}`, headers);
    const moved = await deps.journal.transition(row.id, 'queued', {
      event: 'recovered', outcome: 'info', attempt: row.attempts, detail: 'A worker stopped mid-delivery; the message was queued again',
    }, { from: [], staleDeliveringBefore: before });
    if (moved) recovered++;
  }
  if (recovered) deps.logger.warn({ route: deps.route.name, recovered }, 'recovered messages a dead worker left in delivering');
  return recovered;
}
