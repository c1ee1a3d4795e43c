import { sleep } from './sleep';

/**
 * A token bucket: at most `perSecond` deliveries a second on average, `burst` at once after a
 * quiet spell. Waiters are served in arrival order. Per worker process: run N workers, get N×.
 */
export function createRateLimiter(limit: { perSecond: number; burst: number } | undefined, now: () => number = Date.now) {
  let tokens = limit?.burst ?? 0;
  let last = now();
  let queue: Promise<void> = Promise.resolve();

  function refill(): void {
    if (!limit) return;
    const t = now();
    tokens = Math.min(limit.burst, tokens + ((t - last) / 1000) * limit.perSecond);
    last = t;
  }

  async function waitForToken(signal: AbortSignal): Promise<boolean> {
    if (!limit) return true;
    for (;;) {
      if (signal.aborted) return false;
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      const ms = Math.ceil(((1 - tokens) / limit.perSecond) * 1000);
      await sleep(ms, signal);
    }
  }

  return {
    /** Resolves true when the caller may deliver, false if `signal` aborted the wait first. */
    take(signal: AbortSignal): Promise<boolean> {
      const turn = queue.then(() => waitForToken(signal));
      queue = turn.then(() => undefined);
      return turn;
    },
  };
}
