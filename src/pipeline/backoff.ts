/**
 * Exponential backoff with full jitter: attempt 1 waits up to `initial`, attempt 2 up to
 * 2×initial, … capped at `max`. Jitter spreads retries so a recovering service is not hit by
 * every waiting message at the same instant.
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
