import { createBreaker } from '../../../src/pipeline/breaker';
import { silentLogger } from '../../../src/observability/logger';

function breakerWith(probeAnswers: boolean[]) {
  const events: string[] = [];
  const probes: number[] = [];
  const breaker = createBreaker({
    name: 'test',
    policy: { failureThreshold: 3, probeInitialMs: 10, probeMaxMs: 40 },
    probe: async () => {
      probes.push(Date.now());
      return probeAnswers.shift() ?? true;
    },
    onOpen: async () => void events.push('pause'),
    onHalfOpen: async () => void events.push('resume'),
    logger: silentLogger(),
  });
  return { breaker, events, probes };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

describe('the circuit breaker', () => {
  it('stays closed until the threshold of retryable failures in a row', () => {
    const { breaker, events } = breakerWith([]);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', failures: 2 });
    expect(events).toEqual([]);
    breaker.stop();
  });

  it('opens and pauses consumption after the threshold, and refuses work while open', () => {
    const { breaker, events } = breakerWith([false]);
    for (let i = 0; i < 3; i++) breaker.failure();
    expect(breaker.snapshot().state).toBe('open');
    expect(breaker.allows()).toBe(false);
    expect(events).toEqual(['pause']);
    breaker.stop();
  });

  it('probes until the destination answers, then resumes half-open and closes on a success', async () => {
    const { breaker, events, probes } = breakerWith([false, false, true]);
    for (let i = 0; i < 3; i++) breaker.failure();
    await until(() => breaker.snapshot().state === 'half-open');
    expect(probes).toHaveLength(3);
    expect(events).toEqual(['pause', 'resume']);
    expect(breaker.allows()).toBe(true);
    breaker.success();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', failures: 0 });
    breaker.stop();
  });

  it('opens again at the first retryable failure while half-open', async () => {
    const { breaker, events } = breakerWith([true, false]);
    for (let i = 0; i < 3; i++) breaker.failure();
    await until(() => breaker.snapshot().state === 'half-open');
    breaker.failure();
    expect(breaker.snapshot().state).toBe('open');
    expect(events).toEqual(['pause', 'resume', 'pause']);
    breaker.stop();
  });

  it('stops probing once stopped', async () => {
    const { breaker, probes } = breakerWith([false, false, false]);
    for (let i = 0; i < 3; i++) breaker.failure();
    breaker.stop();
    await new Promise((r) => setTimeout(r, 60));
    expect(probes).toHaveLength(0);
  });
});
