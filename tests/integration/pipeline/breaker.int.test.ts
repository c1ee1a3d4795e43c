import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

const ROUTE = 'registry-entry-to-sir';

async function readyz(stack: TestStack): Promise<any> {
  return (await fetch(`${stack.url}/readyz`)).json();
}

async function attemptsSpent(stack: TestStack, ids: string[]): Promise<number> {
  const rows = await Promise.all(ids.map((id) => stack.app.journal.getMessage(id)));
  return rows.reduce((sum, r) => sum + (r?.attempts ?? 0), 0);
}

describe('the circuit breaker (real RabbitMQ, journal and SIR simulator)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      route: {
        retry: { attempts: 50, initialDelayMs: 50, maxDelayMs: 200 },
        breaker: { failureThreshold: 3, probeInitialMs: 100, probeMaxMs: 300 },
        prefetch: 2,
      },
      sirConnector: { timeoutMs: 1000 },
    });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('opens after a run of failures, spends no attempts while open, then closes and drains the queue', async () => {
    await stack.sim.setFaults({ down: true, downForMs: 600_000 });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await post(stack, exampleEntry())).body.id);

    const open = await waitFor(() => readyz(stack), (r) => r.routes?.[0]?.breaker?.state === 'open');
    expect(open.routes[0]).toMatchObject({ route: ROUTE, breaker: { state: 'open' } });
    // While open the probes run but no message is tried: the attempt count stands still.
    const spent = await attemptsSpent(stack, ids);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await attemptsSpent(stack, ids)).toBe(spent);
    expect(spent).toBeLessThan(10 * 50);
    const depth = await stack.app.bus.queueDepths(ROUTE);
    expect(depth.work + depth.retry).toBeGreaterThan(0);

    await stack.sim.setFaults({});
    for (const id of ids) await waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered', 60_000);
    expect((await readyz(stack)).routes[0].breaker.state).toBe('closed');
    expect(stack.sim.stats().unique).toBe(10);
  });
});
