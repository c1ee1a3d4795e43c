import { createSchemaRegistry } from '../../../src/core/schemas';
import { silentLogger } from '../../../src/observability/logger';
import { connectorFactories } from '../../../src/connectors';
import { recoverStale } from '../../../src/pipeline/recover';
import { createRouteWorker, type RouteWorkerDeps } from '../../../src/pipeline/run-route';
import { transforms } from '../../../transforms';
import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

const ROUTE = 'registry-entry-to-sir';

/** Worker dependencies on the stack's real bus, journal and simulator. */
async function workerDeps(stack: TestStack, leaseMs: number): Promise<RouteWorkerDeps> {
  const connector = connectorFactories.sir();
  await connector.init({ config: stack.config.connectors.sir, logger: silentLogger() });
  return {
    route: stack.app.routes[0], transform: transforms[stack.app.routes[0].transform], connector, journal: stack.app.journal,
    bus: stack.app.bus, schemas: createSchemaRegistry(), logger: silentLogger(), deliveryTimeoutMs: 5000, leaseMs,
  };
}

describe('delivery leases (real RabbitMQ, journal and SIR simulator)', () => {
  let stack: TestStack;
  beforeEach(async () => {
    // Intake only: these tests decide when a worker runs.
    stack = await startStack({ role: 'intake', route: { retry: { attempts: 5, initialDelayMs: 100, maxDelayMs: 400 } } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  it('queues again a message a dead worker left in delivering once its lease ran out', async () => {
    const id = (await post(stack, exampleEntry())).body.id as string;
    await stack.app.journal.transition(id, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 });
    const deps = await workerDeps(stack, 20);
    expect(await recoverStale(deps, 60_000)).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(await recoverStale(deps, 20)).toBe(1);
    const row = await stack.app.journal.getMessage(id);
    expect(row?.status).toBe('queued');
    expect((await stack.app.journal.getHistory(id)).at(-1)).toMatchObject({ event: 'recovered', attempt: 1 });
    expect(await waitFor(() => stack.app.bus.queueDepth(ROUTE), (n) => n === 2)).toBe(2);
    await deps.connector.close();
  });

  it('queues again a message whose intake died between the journal write and the broker confirm', async () => {
    const { envelope } = (await stack.app.journal.getMessage((await post(stack, exampleEntry())).body.id))!;
    // The same entry as a fresh row that never reached the broker (intake killed before publishing).
    const orphaned = { ...envelope, id: '0190f5a6-0000-7000-8000-0000000000aa', idempotencyKey: null };
    await stack.app.journal.insertMessage({ envelope: orphaned, route: ROUTE });
    const deps = await workerDeps(stack, 20);
    await new Promise((r) => setTimeout(r, 50));
    expect(await recoverStale(deps, 20)).toBe(1);
    expect((await stack.app.journal.getMessage(orphaned.id))?.status).toBe('queued');
    expect((await stack.app.journal.getHistory(orphaned.id)).at(-1)).toMatchObject({ event: 'recovered' });
    expect(await waitFor(() => stack.app.bus.queueDepth(ROUTE), (n) => n === 2)).toBe(2);
    await deps.connector.close();
  });

  it('delivers once when a second copy arrives while the first holds a live lease', async () => {
    const id = (await post(stack, exampleEntry())).body.id as string;
    // Another worker claimed it a moment ago and is (as far as anyone knows) still sending.
    await stack.app.journal.transition(id, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 });
    const deps = await workerDeps(stack, 1500);
    const worker = createRouteWorker(deps);
    await worker.start();
    try {
      const done = await waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered', 30_000);
      expect(done.body.status).toBe('delivered');
      expect(stack.sim.stats()).toMatchObject({ received: 1, unique: 1 });
    } finally {
      await stack.app.bus.cancelConsumers();
      await worker.drain();
      await deps.connector.close();
    }
  });
});
