import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

// Short waits so a whole ladder runs in seconds; the policy shape is the production one.
const FAST_ROUTE = { retry: { attempts: 3, initialDelayMs: 100, maxDelayMs: 400 }, breaker: { failureThreshold: 50, probeInitialMs: 100, probeMaxMs: 400 } };

async function settled(stack: TestStack, id: string, status: string) {
  return waitFor(() => getMessage(stack, id), (m) => m.body.status === status, 60_000);
}

describe('delivery retries and parking (real RabbitMQ, journal and SIR simulator)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ route: FAST_ROUTE });
  });
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.sim.setFaults({});
    stack.sim.reset();
  });

  it('retries through the ladder after a retryable SIR failure and then delivers', async () => {
    await stack.sim.setFaults({ errorRate: 1 });
    const accepted = await post(stack, exampleEntry());
    expect(accepted.status).toBe(202);
    const id = accepted.body.id as string;
    await waitFor(() => getMessage(stack, id), (m) => m.body.history.some((h: any) => h.event === 'retry-scheduled'));
    await stack.sim.setFaults({});
    const done = await settled(stack, id, 'delivered');
    const events = done.body.history.map((h: any) => `${h.event}#${h.attempt}`);
    expect(events).toContain('retry-scheduled#1');
    expect(events.at(-1)).toMatch(/^delivered#[23]$/);
    expect(stack.sim.stats().unique).toBe(1);
  });

  it('parks the entry with its evidence once every attempt failed', async () => {
    await stack.sim.setFaults({ errorRate: 1 });
    const id = (await post(stack, exampleEntry())).body.id as string;
    const done = await settled(stack, id, 'parked');
    expect(done.body.attempts).toBe(3);
    expect(done.body.history.filter((h: any) => h.event === 'retry-scheduled')).toHaveLength(2);
    const [evidence] = await stack.app.journal.getParked(id);
    expect(evidence).toMatchObject({ messageId: id, route: 'registry-entry-to-sir', attempts: 3, bodyEncoding: 'json', tenant: 'L02000023' });
    expect(['CONNECTOR_SERVER_ERROR', 'SIR_TRANSIENT']).toContain(evidence.code);
    expect(JSON.parse(evidence.body).id).toBe(id);
    expect(JSON.parse(evidence.lastResponse!).code).toBe(evidence.code);
    expect(JSON.parse(evidence.headers!)['x-pasarela-attempts']).toBe(2);
    expect(stack.sim.stats().received).toBe(0);
  });

  it('parks at once, with SIR\'s answer, when SIR refuses the fichero', async () => {
    await stack.sim.setFaults({ fatalRate: 1 });
    const id = (await post(stack, exampleEntry())).body.id as string;
    const done = await settled(stack, id, 'parked');
    expect(done.body.attempts).toBe(1);
    expect(done.body.history.at(-1)).toMatchObject({ event: 'parked', code: 'SIR_REJECTED', attempt: 1 });
    const [evidence] = await stack.app.journal.getParked(id);
    expect(JSON.parse(evidence.lastResponse!)).toMatchObject({ code: 'SIR_REJECTED', sirCode: '0037' });
  });

  it('shows parked in the message history the municipality reads', async () => {
    await stack.sim.setFaults({ fatalRate: 1 });
    const id = (await post(stack, exampleEntry())).body.id as string;
    const done = await settled(stack, id, 'parked');
    expect(done.status).toBe(200);
    expect(JSON.stringify(done.body)).not.toContain('payload');
  });
});
