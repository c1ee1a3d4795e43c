import type { Journal, MessageStatus } from '../src/journal';

export interface SettleResult {
  /** Why waiting stopped. */
  reason: 'settled' | 'stalled' | 'timeout';
  counts: Partial<Record<MessageStatus, number>>;
  elapsedMs: number;
}

export interface SettleOptions {
  /** Entries answered 202: the journal must end with at least this many delivered or parked. */
  accepted: number;
  timeoutMs: number;
  /** Give up after this long without one more entry delivered or parked. @defaultValue 90 000 */
  stallMs?: number;
  pollMs?: number;
  onPoll?: (counts: Partial<Record<MessageStatus, number>>) => void;
}

/** Statuses of a message that may still change without an operator. */
const PENDING: MessageStatus[] = ['received', 'queued', 'delivering'];

const finished = (c: Partial<Record<MessageStatus, number>>): number => (c.delivered ?? 0) + (c.parked ?? 0);
const pending = (c: Partial<Record<MessageStatus, number>>): number => PENDING.reduce((n, s) => n + (c[s] ?? 0), 0);

/**
 * Wait until the journal (the run's own: every row in it is the run's) holds no message that can
 * still move and at least `accepted` are delivered or parked; or until nothing moved for
 * `stallMs`; or `timeoutMs`. The per-entry check comes after, in the accounting.
 */
export async function waitForSettling(journal: Journal, o: SettleOptions): Promise<SettleResult> {
  const started = Date.now();
  const stallMs = o.stallMs ?? 90_000;
  let counts = await journal.countByStatus();
  let last = finished(counts);
  let movedAt = Date.now();
  for (;;) {
    o.onPoll?.(counts);
    if (pending(counts) === 0 && finished(counts) >= o.accepted) return { reason: 'settled', counts, elapsedMs: Date.now() - started };
    if (Date.now() - started >= o.timeoutMs) return { reason: 'timeout', counts, elapsedMs: Date.now() - started };
    if (Date.now() - movedAt >= stallMs) return { reason: 'stalled', counts, elapsedMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
    counts = await journal.countByStatus();
    if (finished(counts) !== last) {
      last = finished(counts);
      movedAt = Date.now();
    }
  }
}
