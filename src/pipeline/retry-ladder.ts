import type { RouteDefinition } from '../core/plugin';

type RetryPolicy = RouteDefinition['retry'];

/** The wait before attempt `attempt + 1`, without jitter: min(max, initial × 2^(attempt-1)). */
export function ceilingDelay(attempt: number, retry: RetryPolicy): number {
  return Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * TTLs of the route's retry queues, ascending and distinct: one queue per distinct wait, so a
 * policy of 100 attempts capped at 30 s needs a handful of queues, not 99. Per-message TTL only
 * expires at the head of a queue; keeping one wait per queue keeps that from stalling anything
 * longer than the jitter.
 */
export function retryLevels(retry: RetryPolicy): number[] {
  const levels = new Set<number>();
  for (let attempt = 1; attempt < retry.attempts; attempt++) levels.add(ceilingDelay(attempt, retry));
  return [...levels].sort((a, b) => a - b);
}

/**
 * Where a message goes after failed attempt `attempt`: the 1-based ladder level and its
 * per-message TTL, between half and all of the level's wait (jitter, so a recovering
 * destination is not hit by every waiting message at once).
 */
export function retryStep(attempt: number, retry: RetryPolicy, random: () => number = Math.random): { level: number; delayMs: number } {
  const ceiling = ceilingDelay(attempt, retry);
  const level = retryLevels(retry).indexOf(ceiling) + 1;
  return { level, delayMs: Math.round(ceiling / 2 + (random() * ceiling) / 2) };
}
