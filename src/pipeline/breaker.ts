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

/** Leave to make one delivery; `trial`: the single one let through while half-open. */
export interface Ticket {
  trial: boolean;
  reported: boolean;
}

/**
 * A destination's circuit breaker. closed -> (failureThreshold retryable failures in a row) ->
 * open: consumption pauses, so waiting messages spend no attempts; a probe runs after
 * probeInitialMs, doubling up to probeMaxMs, until the destination answers -> half-open:
 * consumption resumes, but one delivery at a time is let through as the trial while the others
 * wait (no attempt spent); the trial's success closes it, a retryable failure re-opens it.
 * A non-retryable answer (SIR refused this fichero) proves the destination is up: a success here.
 */
export function createBreaker(o: BreakerOptions) {
  let state: BreakerState = 'closed';
  let failures = 0;
  let since = new Date().toISOString();
  let probeDelay = o.policy.probeInitialMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let trialTaken = false;
  let waiters: (() => void)[] = [];

  /** Let every waiting admission look at the state again. */
  function wake(): void {
    const w = waiters;
    waiters = [];
    for (const resume of w) resume();
  }

  function enter(next: BreakerState): void {
    state = next;
    since = new Date().toISOString();
  }

  function open(): void {
    enter('open');
    trialTaken = false;
    wake();
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
    /**
     * A ticket to deliver, or undefined: the breaker is open (or stopped) and the work in hand
     * goes back to the queue untried. While half-open, waits until the trial decides.
     */
    async admit(): Promise<Ticket | undefined> {
      for (;;) {
        if (stopped || state === 'open') return undefined;
        if (state === 'closed') return { trial: false, reported: false };
        if (!trialTaken) {
          trialTaken = true;
          return { trial: true, reported: false };
        }
        await new Promise<void>((resume) => waiters.push(resume));
      }
    },
    /** True while the breaker is open: a ticket taken earlier should not be used now. */
    isOpen: (): boolean => state === 'open',
    /** The destination answered (with a receipt, or a refusal). */
    success(ticket: Ticket): void {
      ticket.reported = true;
      failures = 0;
      if (state === 'half-open') {
        enter('closed');
        trialTaken = false;
        probeDelay = o.policy.probeInitialMs;
        o.logger.info({ breaker: o.name }, 'circuit breaker closed');
        wake();
      }
    },
    /** A retryable failure of the destination. */
    failure(ticket: Ticket): void {
      ticket.reported = true;
      failures++;
      if (state === 'half-open' || (state === 'closed' && failures >= o.policy.failureThreshold)) open();
    },
    /** The ticket's delivery ended without asking the destination: free the trial, if it was one. */
    release(ticket: Ticket): void {
      if (!ticket.trial || ticket.reported) return;
      ticket.reported = true;
      if (state === 'half-open') {
        trialTaken = false;
        wake();
      }
    },
    snapshot: (): BreakerSnapshot => ({ state, failures, since }),
    /** Idempotent; clears the probe timer and turns waiting admissions away. */
    stop(): void {
      stopped = true;
      clearTimeout(timer);
      wake();
    },
  };
}

export type Breaker = ReturnType<typeof createBreaker>;
