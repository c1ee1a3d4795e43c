import { execFileSync } from 'node:child_process';
import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../helpers/stack';

/**
 * Stops and starts RabbitMQ's application under a running pasarela. Runs alone (disruptive
 * project, in band): every other test on the machine would lose its broker too.
 */
function rabbitmqctl(...args: string[]): void {
  execFileSync('rabbitmqctl', args, { stdio: 'ignore', timeout: 120_000 });
}

async function ready(stack: TestStack): Promise<number> {
  return (await fetch(`${stack.url}/readyz`)).status;
}

describe('a broker restart under a running pasarela', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    rabbitmqctl('start_app');
    await stack?.stop();
  });

  it('refuses posts while the broker is down and delivers posts made after it is back', async () => {
    const first = await post(stack, exampleEntry());
    await waitFor(() => getMessage(stack, first.body.id), (v) => v.body.status === 'delivered');

    rabbitmqctl('stop_app');
    expect(await waitFor(() => ready(stack), (s) => s === 503, 30_000)).toBe(503);
    const during = await post(stack, exampleEntry());
    expect(during.status).toBe(503);
    expect(during.body.code).toBe('INTAKE_UNAVAILABLE');

    rabbitmqctl('start_app');
    rabbitmqctl('await_startup');
    expect(await waitFor(() => ready(stack), (s) => s === 200, 60_000)).toBe(200);

    const after = await post(stack, exampleEntry());
    expect(after.status).toBe(202);
    const view = await waitFor(() => getMessage(stack, after.body.id), (v) => v.body.status === 'delivered', 60_000);
    expect(view.body.status).toBe('delivered');
    // The refused post reached nobody; the two accepted ones reached SIR once each.
    expect(stack.sim.stats()).toMatchObject({ received: 2, unique: 2, duplicates: 0 });
  });
});
