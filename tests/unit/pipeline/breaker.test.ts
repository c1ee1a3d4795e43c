import { createBreaker, type Ticket } from '../../../src/pipeline/breaker';
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

type Breaker = ReturnType<typeof breakerWith>['breaker'];

async function fail(breaker: Breaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) breaker.failure((await breaker.admit())!);
}

describe('the circuit breaker', () => {
  it('stays closed until the threshold of retryable failures in a row', async () => {
    const { breaker, events } = breakerWith([]);
    await fail(breaker, 2);
    breaker.success((await breaker.admit())!);
    await fail(breaker, 2);
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', failures: 2 });
    expect(events).toEqual([]);
    breaker.stop();
  });

  it('opens and pauses consumption after the threshold, and turns work away while open', async () => {
    const { breaker, events } = breakerWith([false]);
    await fail(breaker, 3);
    expect(breaker.snapshot().state).toBe('open');
    expect(await breaker.admit()).toBeUndefined();
    expect(events).toEqual(['pause']);
    breaker.stop();
  });

  it('probes until the destination answers, then lets one trial through and closes on its success', async () => {
    const { breaker, events, probes } = breakerWith([false, false, true]);
    await fail(breaker, 3);
    await until(() => breaker.snapshot().state === 'half-open');
    expect(probes).toHaveLength(3);
    expect(events).toEqual(['pause', 'resume']);
    const trial = (await breaker.admit())!;
    expect(trial.trial).toBe(true);
    // A second delivery waits for the trial's outcome instead of spending an attempt.
    let second: Ticket | undefined | 'waiting' = 'waiting';
    void breaker.admit().then((t) => (second = t));
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBe('waiting');
    breaker.success(trial);
    await until(() => second !== 'waiting');
    expect(second).toMatchObject({ trial: false });
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', failures: 0 });
    breaker.stop();
  });

  it('opens again when the trial fails, turning the waiting deliveries away', async () => {
    const { breaker, events } = breakerWith([true, false]);
    await fail(breaker, 3);
    await until(() => breaker.snapshot().state === 'half-open');
    const trial = (await breaker.admit())!;
    const waiting = breaker.admit();
    breaker.failure(trial);
    expect(await waiting).toBeUndefined();
    expect(breaker.snapshot().state).toBe('open');
    expect(events).toEqual(['pause', 'resume', 'pause']);
    breaker.stop();
  });

  it('hands the trial to a waiting delivery when the trial ends without asking the destination', async () => {
    const { breaker } = breakerWith([true]);
    await fail(breaker, 3);
    await until(() => breaker.snapshot().state === 'half-open');
    const trial = (await breaker.admit())!;
    const waiting = breaker.admit();
    breaker.release(trial);
    expect(await waiting).toMatchObject({ trial: true });
    breaker.stop();
  });

  it('stops probing and turns waiting deliveries away once stopped', async () => {
    const { breaker, probes } = breakerWith([false, false, false]);
    await fail(breaker, 3);
    breaker.stop();
    await new Promise((r) => setTimeout(r, 60));
    expect(probes).toHaveLength(0);
    expect(await breaker.admit()).toBeUndefined();
  });
});
