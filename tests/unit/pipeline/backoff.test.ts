import { backoffDelay } from '../../../src/pipeline/backoff';

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt', () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 1000, 60_000, top))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the maximum delay', () => {
    expect(backoffDelay(30, 1000, 30_000, () => 1)).toBe(30_000);
  });

  it('keeps at least half the ceiling, so jitter never collapses the wait to zero', () => {
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(2000);
  });
});
