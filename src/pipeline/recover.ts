import { ATTEMPT_HEADER } from '../bus/bus';
import { Headers } from '../core/envelope';
import type { MessageRow } from '../journal/journal';
import type { RouteWorkerDeps } from './run-route';

const BATCH = 100;

/**
 * Rows no process will move by itself, older than the lease, are queued again from the journal:
 * - `delivering`: the worker that claimed it died (kill -9, power loss);
 * - `received`: the intake that wrote it died before the broker confirmed (the client never got
 *   a 202), or its `queued` write failed.
 * The message may still be in a queue (usually it is, for `delivering`): the extra copy is
 * harmless, as the lease lets one copy deliver and the others find it settled. Runs at start and
 * every `leaseMs`; several workers may run it at once for the same reason.
 */
export function startRecovery(deps: RouteWorkerDeps, leaseMs: number): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (): void => {
    recoverStale(deps, leaseMs)
      .catch((err: unknown) => deps.logger.warn({ err, route: deps.route.name }, 'stale message recovery failed; will try again'))
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

const WHY = {
  delivering: 'A worker stopped mid-delivery; the message was queued again',
  received: 'Intake stopped before the broker confirmed; the message was queued again',
} as const;

/** One pass; resolves how many rows it queued again. */
export async function recoverStale(deps: RouteWorkerDeps, leaseMs: number): Promise<number> {
  const before = new Date(Date.now() - leaseMs).toISOString();
  let recovered = 0;
  for (const status of ['delivering', 'received'] as const) {
    for (const row of await deps.journal.listStale(status, before, BATCH, deps.route.name)) {
      if (await requeue(deps, row, status, before)) recovered++;
    }
  }
  if (recovered) deps.logger.warn({ route: deps.route.name, recovered }, 'queued again messages no process was moving');
  return recovered;
}

async function requeue(deps: RouteWorkerDeps, row: MessageRow, status: 'delivering' | 'received', before: string): Promise<boolean> {
  const headers = { [Headers.type]: row.type, [Headers.tenant]: row.tenant, [Headers.route]: row.route, [ATTEMPT_HEADER]: row.attempts };
  // Publish first: a row marked `queued` with no message anywhere would be stuck for good.
  await deps.bus.publish(row.envelope, `${row.type}.${row.route}`, headers);
  const hop = { event: 'recovered', outcome: 'info' as const, attempt: row.attempts, detail: WHY[status] };
  return deps.journal.transition(row.id, 'queued', hop, status === 'delivering' ? { from: [], staleDeliveringBefore: before } : { from: ['received'] });
}
