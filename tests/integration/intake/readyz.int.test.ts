import { exampleEntry, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

const ROUTE = 'registry-entry-to-sir';

async function readyz(stack: TestStack) {
  const res = await fetch(`${stack.url}/readyz`);
  return { status: res.status, body: (await res.json()) as any };
}

describe('/readyz of a process that runs workers', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("shows each route's breaker and queue depths", async () => {
    const res = await readyz(stack);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      checks: { broker: 'up', journal: 'up' },
      routes: [{
        route: ROUTE,
        breaker: { state: 'closed', failures: 0, since: expect.any(String) },
        depth: { work: expect.any(Number), retry: expect.any(Number), dead: expect.any(Number) },
      }],
    });
  });
});

describe('/readyz of an intake-only process', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ role: 'intake' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('shows the messages waiting in the work queue, and no breaker', async () => {
    // No worker consumes here: what intake queues stays in the work queue.
    expect((await post(stack, exampleEntry())).status).toBe(202);
    expect((await post(stack, exampleEntry())).status).toBe(202);
    // The broker's count may trail its publish confirms by a moment.
    const res = await waitFor(() => readyz(stack), (r) => r.body.routes[0]?.depth?.work === 2);
    expect(res.status).toBe(200);
    expect(res.body.routes).toEqual([{ route: ROUTE, depth: { work: 2, retry: 0, dead: 0 } }]);
  });
});
