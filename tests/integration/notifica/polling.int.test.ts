import { startStack, type TestStack } from '../../helpers/stack';
import { oneRecipient, postNotification, waitClosed } from '../../helpers/notifications';

describe('the polling fallback', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      notifica: { stepDelayMs: [20, 40], faults: { callbackLossRate: 1 }, connector: { polling: { quietAfterMs: 1000, intervalMs: 200 } } },
    });
  });
  afterAll(() => stack?.stop());

  it('brings an envío to its final state and certificate with infoEnvioLigero when no callback arrives', async () => {
    const posted = await postNotification(stack, oneRecipient('Sin callbacks'));
    const view = await waitClosed(stack, posted.body.id);
    const [envio] = view.notification.envios;
    expect(envio.state).toBe('notificada');
    expect(envio.certificate.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stack.notifica!.callbacks().filter((c) => c.status === 'ok')).toHaveLength(0);
    const polled = view.history.filter((h: any) => h.event === 'notifica-state');
    expect(polled.length).toBeGreaterThan(0);
    expect(polled.every((h: any) => String(h.detail).includes('(polled)'))).toBe(true);
    expect(stack.notifica!.stats().byOperation.infoEnvioLigero).toBeGreaterThan(0);
  });
});
