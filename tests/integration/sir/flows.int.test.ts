import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

/** An entry whose summary carries a simulator scenario marker (simulators/README.md). */
function entryWith(marker: string) {
  const entry = exampleEntry();
  entry.subject.summary = `${entry.subject.summary} ${marker}`.trim();
  return entry;
}

describe('SIR flows end to end: pasarela, the CIR simulator calling back WS_SIR9 (real RabbitMQ and journal)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
    stack.sim.setCallbackUrl(`${stack.url}/sir/WS_SIR9`);
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function settledExchange(id: string, state: string) {
    return waitFor(() => getMessage(stack, id), (m) => m.body.exchange?.state === state, 30_000);
  }

  it('envío + confirmación: sent, acknowledged, then confirmed with the destination\'s registry number', async () => {
    const id = (await post(stack, entryWith(''))).body.id as string;
    const done = await settledExchange(id, 'confirmed');
    expect(done.body.exchange.registryNumber).toMatch(/^SIM\/\d{4}\/\d+$/);
    expect(done.body.exchange.registryDate).toMatch(/^\d{14}$/);
    const events = done.body.history.map((h: any) => h.event);
    expect(events.indexOf('delivered')).toBeLessThan(events.indexOf('sir-ack'));
    expect(events.indexOf('sir-ack')).toBeLessThan(events.indexOf('sir-confirmed'));
    expect(done.body.status).toBe('delivered');
  });

  it('error: the destination refuses the fichero with ERROR 0037 and the exchange shows it', async () => {
    const id = (await post(stack, entryWith('[sim:error]'))).body.id as string;
    const done = await settledExchange(id, 'error');
    expect(done.body.exchange.errorCode).toBe('0037');
    expect(done.body.history.at(-1)).toMatchObject({ event: 'sir-error', outcome: 'error', code: '0037' });
  });

  it('acknowledged only: stays acknowledged until a confirmation comes', async () => {
    const id = (await post(stack, entryWith('[sim:ack-only]'))).body.id as string;
    const done = await settledExchange(id, 'acknowledged');
    expect(done.body.exchange).toMatchObject({ state: 'acknowledged', registryNumber: null });
  });
});
