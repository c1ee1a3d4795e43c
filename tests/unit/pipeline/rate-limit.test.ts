import { createRateLimiter } from '../../../src/pipeline/rate-limit';

describe('the rate limiter', () => {
  it('lets everything through when no limit is set', async () => {
    const limiter = createRateLimiter(undefined);
    const signal = new AbortController().signal;
    const results = await Promise.all(Array.from({ length: 100 }, () => limiter.take(signal)));
    expect(results.every(Boolean)).toBe(true);
  });

  it('lets the burst through at once and the rest at the configured rate', async () => {
    let now = 0;
    const limiter = createRateLimiter({ perSecond: 10, burst: 2 }, () => now);
    const signal = new AbortController().signal;
    const granted: number[] = [];
    const takes = Array.from({ length: 4 }, (_, i) => limiter.take(signal).then(() => granted.push(i)));
    await new Promise((r) => setImmediate(r));
    expect(granted).toEqual([0, 1]);
    // The clock is ours: 100 ms buys one more token at 10 per second.
    now += 100;
    await new Promise((r) => setTimeout(r, 150));
    expect(granted).toEqual([0, 1, 2]);
    now += 100;
    await Promise.all(takes);
    expect(granted).toEqual([0, 1, 2, 3]);
  });

  it('gives up a wait when its signal aborts, so a draining worker can requeue', async () => {
    const limiter = createRateLimiter({ perSecond: 0.001, burst: 1 });
    const controller = new AbortController();
    expect(await limiter.take(controller.signal)).toBe(true);
    const waiting = limiter.take(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
  });
});
