import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import type { Journal } from '../journal/journal';
import { Errors, isPasarelaError } from '../core/errors';
import type { JobStep, ReplayJob } from '../journal/operations';
import { sleep } from '../pipeline/sleep';
import { publishReplay } from './context';

export interface ReplayRunnerOptions {
  journal: Journal;
  bus: Bus;
  logger: Logger;
  /** Jobs this process works on at once. @defaultValue 2 */
  slots?: number;
  /** How long a claim protects a job from other processes; renewed at every step. @defaultValue 30 s */
  leaseMs?: number;
  /** How often an idle slot looks for a job (a new job also wakes it). @defaultValue 2 s */
  pollMs?: number;
  /**
   * Most items replayed in one transaction. Small, because on SQLite a transaction holds the event
   * loop while it runs: intake waits for it. @defaultValue 50
   */
  batch?: number;
  /** The routes this process's bus has: a message on another route stays parked (its item fails). */
  routes?: readonly string[];
}

/**
 * Works through bulk replay jobs in the background, in every process that serves the admin API.
 * A job is leased in the journal, so one process works on it at a time and another takes it
 * over when the lease runs out (the holder died); each step replays a batch of items in one
 * transaction that also settles them, so a resumed job never replays an item twice. Replays
 * are published after their step committed; one whose publish is lost (a crash in between) is a
 * `received` row, which the route worker's recovery queues (docs/operators.md).
 */
export function startReplayRunner(o: ReplayRunnerOptions) {
  const owner = `${process.pid}-${randomUUID()}`;
  const leaseMs = o.leaseMs ?? 30_000;
  const batch = o.batch ?? 50;
  const stopping = new AbortController();
  let wake = new AbortController();
  const until = () => new Date(Date.now() + leaseMs).toISOString();

  async function slot(): Promise<void> {
    while (!stopping.signal.aborted) {
      const job = await o.journal.operations.claimReplayJob(owner, until()).catch((err: unknown) => {
        o.logger.warn({ err }, 'could not look for replay jobs; will try again');
        return undefined;
      });
      if (job) await work(job).catch((err: unknown) => o.logger.warn({ err, jobId: job.id }, 'replay job step failed; it resumes when its lease runs out'));
      else await sleep(o.pollMs ?? 2000, AbortSignal.any([stopping.signal, wake.signal]));
    }
  }

  async function work(job: ReplayJob): Promise<void> {
    const log = o.logger.child({ jobId: job.id });
    // With a rate, steps are sized to about a tenth of a second of work and paced to it.
    const n = job.ratePerSecond ? Math.max(1, Math.min(batch, Math.ceil(job.ratePerSecond / 10))) : batch;
    log.info({ total: job.total, ratePerSecond: job.ratePerSecond }, 'working on a bulk replay');
    // After a batch failed: how many items are still taken one at a time, to find the bad one.
    let singles = 0;
    while (!stopping.signal.aborted) {
      const started = Date.now();
      const size = singles > 0 ? 1 : n;
      const step = await stepOrSettle(job.id, size, log);
      singles = step === BATCH_FAILED ? n : Math.max(0, singles - 1);
      if (step === BATCH_FAILED) continue;
      await Promise.all(step.made.map((made) => publishReplay(o, made)));
      if (step.finished) return logEnd(job.id, log);
      // Paced by the rate; without one, still let the event loop serve intake between steps.
      if (job.ratePerSecond) await sleep(Math.max(0, (size / job.ratePerSecond) * 1000 - (Date.now() - started)), stopping.signal);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Stopping: give the lease up, so the next process (or this one restarted) resumes at once.
    await o.journal.operations.releaseReplayJob(job.id, owner);
  }

  /**
   * A step that throws rolls its whole batch back: BATCH_FAILED, and the caller goes on one item
   * at a time for a batch's length. A single item whose step throws is settled `failed`, and the
   * job goes on without it. The journal being unreachable is no item's fault: that throws, and
   * the job resumes when its lease runs out.
   */
  async function stepOrSettle(jobId: string, size: number, log: Logger): Promise<JobStep | typeof BATCH_FAILED> {
    try {
      return await o.journal.operations.stepReplayJob(jobId, owner, size, until(), o.routes);
    } catch (err) {
      if (isRetryable(err)) throw err;
      if (size > 1) return BATCH_FAILED;
      log.error({ err }, 'a message of the bulk replay cannot be replayed; settled as failed');
      await o.journal.operations.failReplayItem(jobId, owner, `${codeOf(err)}: replay failed`);
      return { made: [], finished: false };
    }
  }

  async function logEnd(jobId: string, log: Logger): Promise<void> {
    const job = await o.journal.operations.getReplayJob(jobId);
    if (job?.status === 'completed') log.info({ replayed: job.replayed, skipped: job.skipped, failed: job.failed }, 'bulk replay completed');
    else log.info({ status: job?.status }, 'bulk replay left: cancelled, or taken over by another process');
  }

  const slots = Array.from({ length: o.slots ?? 2 }, () => slot());
  let stopped: Promise<void> | undefined;
  return {
    /** A job was created: idle slots look now instead of at their next poll. */
    kick(): void {
      wake.abort();
      wake = new AbortController();
    },
    /** Idempotent: finishes the current steps, releases the leases. */
    stop(): Promise<void> {
      stopping.abort();
      stopped ??= Promise.allSettled(slots).then(() => undefined);
      return stopped;
    },
  };
}

export type ReplayRunner = ReturnType<typeof startReplayRunner>;

/** The journal being unreachable is not the item's fault: the job waits for its lease instead. */
function isRetryable(err: unknown): boolean {
  return isPasarelaError(err) && err.retryable;
}

function codeOf(err: unknown): string {
  return isPasarelaError(err) ? err.code : Errors.PIPELINE_UNEXPECTED_ERROR.code;
}

const BATCH_FAILED = Symbol('batch failed');
