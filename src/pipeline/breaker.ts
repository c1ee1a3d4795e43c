import type { Logger } from 'pino';
import type { RouteDefinition } from '../core/plugin';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** What /readyz and the logs show of a breaker. */
export interface BreakerSnapshot {
  state: BreakerState;
  /** Retryable failures in a row. */
  failures: number;
  /** When the current state began (ISO-8601). */
  since: string;
}

export interface BreakerOptions {
  name: string;
  policy: RouteDefinition['breaker'];
  /** Is the destination answering again? (`connector.check()`; a connector without one resolves true). */
  probe(): Promise<boolean>;
  /** Stop taking work (the route's consumers pause). Errors are logged; the breaker stays open. */
  onOpen(): Promise<void>;
  /** Take work again: a half-open trial; the next outcome closes or re-opens the breaker. */
  onHalfOpen(): Promise<void>;
  logger: Logger;
}

/**
 * A destination's circuit breaker. closed -> (failureThreshold retryable failures in a row) ->
 * open: consumption pauses, so waiting messages spend no attempts; a probe runs after
 * probeInitialMs, doubling up to probeMaxMs, until the destination answers -> half-open:
 * consumption resumes; the next success closes it, the next retryable failure re-opens it.
 * A non-retryable answer (SIR refused this fichero) proves the destination is up: a success here.
 */
export function createBreaker(o: BreakerOptions) {
  let state: BreakerState = 'closed';
  let failures = 0;
  let since = new Date().toISOString();
  let probeDelay = o.policy.probeInitialMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function enter(next: BreakerState): void {
    state = next;
    since = new Date().toISOString();
  }

  function open(): void {
    enter('open');
    o.logger.warn({ breaker: o.name, failures, probeInMs: probeDelay }, 'circuit breaker open: consumption paused');
    o.onOpen().catch((err: unknown) => o.logger.error({ err, breaker: o.name }, 'could not pause consumption'));
    scheduleProbe();
  }

  function scheduleProbe(): void {
    if (stopped) return;
    clearTimeout(timer);
    const wait = probeDelay;
    probeDelay = Math.min(o.policy.probeMaxMs, probeDelay * 2);
    timer = setTimeout(() => void probe(), wait);
    timer.unref();
  }

  async function probe(): Promise<void> {
    if (stopped || state !== 'open') return;
    const up = await o.probe().catch(() => false);
    if (stopped || state !== 'open') return;
    if (!up) {
      o.logger.info({ breaker: o.name, nextProbeInMs: probeDelay }, 'destination still down');
      scheduleProbe();
      return;
    }
    enter('half-open');
    o.logger.info({ breaker: o.name }, 'circuit breaker half-open: destination answers, resuming');
    await o.onHalfOpen().catch((err: unknown) => {
      o.logger.error({ err, breaker: o.name }, 'could not resume consumption; probing again');
      enter('open');
      scheduleProbe();
    });
  }

  return {
    /** False while open: work in hand goes back to the queue untried. */
    allows: (): boolean => state !== 'open',
    success(): void {
      failures = 0;
      if (state === 'half-open') {
        enter('closed');
        probeDelay = o.policy.probeInitialMs;
        o.logger.info({ breaker: o.name }, 'circuit breaker closed');
      }
    },
    failure(): void {
      failures++;
      if (state === 'half-open' || (state === 'closed' && failures >= o.policy.failureThreshold)) open();
    },
    snapshot: (): BreakerSnapshot => ({ state, failures, since }),
    /** Idempotent; clears the probe timer. */
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type Breaker = ReturnType<typeof createBreaker>;
