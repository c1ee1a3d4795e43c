import { admin, adminSettled, createOperator } from '../../helpers/admin';
import { exampleExpediente, expediente, postStatus } from '../../helpers/expedientes';
import { getMessage, startStack, waitFor, type TestStack } from '../../helpers/stack';

/** The push variant when Carpeta fails: retried, parked, replayed by an operator, delivered once. */
describe('pushing expediente changes to Carpeta', () => {
  let stack: TestStack;
  let operator: string;

  beforeAll(async () => {
    stack = await startStack({
      carpeta: {},
      // A short ladder, so the test sees every attempt.
      routeChanges: { 'carpeta-push-to-carpeta': { retry: { attempts: 3, initialDelayMs: 100, maxDelayMs: 200 } } },
    });
    operator = await createOperator(stack.app, 'operator');
  });
  afterAll(() => stack?.stop());

  /** The push message the projection made for an update message: found by its correlation id. */
  async function pushOf(updateId: string): Promise<{ id: string; status: string }> {
    const update = await stack.app.journal.getMessage(updateId);
    const found = await waitFor(async () => (await admin(stack, operator, 'GET', `/admin/v1/messages?q=${update!.correlationId}&type=carpeta-push`)).body.items, (items: any[]) => items.length === 1);
    return found[0];
  }

  it('retries a change Carpeta cannot take, parks it when the attempts run out, and delivers it once when replayed', async () => {
    await stack.carpeta!.setFaults({ errorRate: 1 });
    const e = exampleExpediente();
    const posted = await postStatus(stack, e);
    expect(posted.status).toBe(202);
    const push = await pushOf(posted.body.id);
    const parked = await adminSettled(stack, operator, push.id, 'parked');
    expect(parked.body.attempts).toBe(3);
    expect(parked.body.history.filter((h: any) => h.event === 'retrying' || h.event === 'retry-scheduled').length).toBeGreaterThanOrEqual(1);
    expect(parked.body.parked[0]).toMatchObject({ code: 'CARPETA_UNAVAILABLE' });
    expect(stack.carpeta!.expediente(e.expediente)).toBeUndefined();
    // The projection took it all the same: Carpeta's pull shows it while the push waits.
    expect((await getMessage(stack, posted.body.id)).body.status).toBe('delivered');

    await stack.carpeta!.setFaults({});
    const replay = await admin(stack, operator, 'POST', `/admin/v1/messages/${push.id}/replay`, {});
    expect(replay.status).toBe(202);
    await adminSettled(stack, operator, replay.body.replayId ?? replay.body.id, 'delivered');
    expect(stack.carpeta!.expediente(e.expediente)?.current).toMatchObject({ sequence: e.sequence });
    // The replay carries the original push's delivery id: one change, received once.
    expect(stack.carpeta!.stats()).toMatchObject({ received: 1, unique: 1, duplicates: 0 });
    expect(stack.carpeta!.expediente(e.expediente)?.history[0].deliveryId).toBe(push.id);
  });

  it('parks a change Carpeta refuses at once, without retrying it', async () => {
    await stack.carpeta!.setFaults({ fatalRate: 1 });
    try {
      const posted = await postStatus(stack, expediente('L02000023', 'RECHAZO1', 1, 'started'));
      const push = await pushOf(posted.body.id);
      const parked = await adminSettled(stack, operator, push.id, 'parked');
      expect(parked.body.attempts).toBe(1);
      expect(parked.body.parked[0]).toMatchObject({ code: 'CARPETA_REFUSED' });
    } finally {
      await stack.carpeta!.setFaults({});
    }
  });
});
