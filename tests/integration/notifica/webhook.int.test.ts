import { startStack, waitFor, type TestStack } from '../../helpers/stack';
import { oneRecipient, postNotification, waitClosed } from '../../helpers/notifications';
import { hasValidSignature, startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver';

const SECRET = 'notifica-webhook-secret-0123456789';
const ENV = 'PASARELA_IT_NOTIFICA_WEBHOOK_SECRET';

/** The events in the order their `previous` links them; a broken or branching chain fails the test. */
function chainOf(events: any[]): any[] {
  const out: any[] = [];
  let previous: string | null = null;
  for (;;) {
    const next = events.filter((e) => e.data.previous === previous);
    if (next.length === 0) break;
    expect(next).toHaveLength(1);
    out.push(next[0]);
    previous = next[0].data.state;
  }
  expect(out).toHaveLength(events.length);
  return out;
}

describe('a notification\'s state changes on the tenant\'s webhook', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    process.env[ENV] = SECRET;
    receiver = await startWebhookReceiver();
    stack = await startStack({
      notifica: { stepDelayMs: [20, 40] },
      configure: (config) => {
        config.tenants[0].webhook = { url: receiver.url, secretEnv: ENV };
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
    delete process.env[ENV];
  });

  it('sends one signed notification.state-changed per state, the last one closing the notification', async () => {
    const posted = await postNotification(stack, oneRecipient('Con aviso al municipio'));
    const view = await waitClosed(stack, posted.body.id);
    const id = view.notification.envios[0].identificador;
    const calls = await waitFor(async () => receiver.calls.filter((c) => c.body?.event === 'notification.state-changed'), (cs) => cs.length >= 3);
    expect(calls.every((c) => hasValidSignature(c, SECRET))).toBe(true);
    // Events are delivered concurrently (the route's prefetch), and Notific@'s dates have no
    // milliseconds: their order is the chain each one names, from the first (no previous state).
    const events = chainOf(calls.map((c) => c.body));
    expect(events.map((e) => e.data.state)).toEqual(['pendiente_envio', 'enviado_deh', 'notificada']);
    expect(events.every((e) => e.messageId === posted.body.id && e.data.identificador === id)).toBe(true);
    expect(events.map((e) => e.data.closed)).toEqual([false, false, true]);
    // Small, non-personal facts only: no names, no identity documents.
    expect(JSON.stringify(events)).not.toContain('99000003E');
  });
});
