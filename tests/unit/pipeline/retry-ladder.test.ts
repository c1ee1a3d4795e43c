import { ceilingDelay, retryLevels, retryStep } from '../../../src/pipeline/retry-ladder';

const policy = { attempts: 5, initialDelayMs: 1000, maxDelayMs: 30000 };

describe('the retry ladder', () => {
  it('doubles the wait after each failed attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => ceilingDelay(a, { ...policy, maxDelayMs: 10000 }))).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('has one level per distinct wait, so a long capped policy needs few queues', () => {
    expect(retryLevels(policy)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryLevels({ attempts: 100, initialDelayMs: 1000, maxDelayMs: 30000 })).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
  });

  it('has no level when a single attempt is allowed', () => {
    expect(retryLevels({ ...policy, attempts: 1 })).toEqual([]);
  });

  it('sends attempt n to the level of its wait with a jittered delay between half and all of it', () => {
    expect(retryStep(3, policy, () => 0)).toEqual({ level: 3, delayMs: 2000 });
    expect(retryStep(3, policy, () => 1)).toEqual({ level: 3, delayMs: 4000 });
    expect(retryStep(1, policy, () => 0.5)).toEqual({ level: 1, delayMs: 750 });
  });

  it('keeps attempts past the cap on the top level', () => {
    const long = { attempts: 20, initialDelayMs: 100, maxDelayMs: 400 };
    expect(retryStep(15, long, () => 1)).toEqual({ level: retryLevels(long).length, delayMs: 400 });
  });
});
