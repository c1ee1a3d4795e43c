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
    expect(res.body).toMatchObject({ status: 'ready', checks: { broker: 'up', journal: 'up' } });
    // One entry per route of routes/, each with its breaker and depths.
    expect(res.body.routes.map((r: any) => r.route).sort()).toEqual(stack.app.routes.map((r) => r.name).sort());
    expect(res.body.routes.find((r: any) => r.route === ROUTE)).toEqual({
      route: ROUTE,
      breaker: { state: 'closed', failures: 0, since: expect.any(String) },
      depth: { work: expect.any(Number), retry: expect.any(Number), dead: expect.any(Number) },
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
    const route = (r: { body: any }) => r.body.routes.find((x: any) => x.route === ROUTE);
    const res = await waitFor(() => readyz(stack), (r) => route(r)?.depth?.work === 2);
    expect(res.status).toBe(200);
    expect(route(res)).toEqual({ route: ROUTE, depth: { work: 2, retry: 0, dead: 0 } });
  });
});
