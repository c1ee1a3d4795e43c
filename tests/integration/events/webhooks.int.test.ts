import { randomUUID } from 'node:crypto';
import { createTenantEvents, TENANT_EVENTS_ROUTE } from '../../../src/events';
import type { TenantEvents } from '../../../src/sir/inbound/hooks';
import { silentLogger } from '../../../src/observability/logger';
import { incomingFichero } from '../../fixtures/sir/registry-entries';
import { cirCall } from '../../helpers/sir-soap';
import { admin, createOperator } from '../../helpers/admin';
import { exampleEntry, OTHER_TENANT, post, startStack, waitFor, type TestStack } from '../../helpers/stack';
import { hasValidSignature, startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver';

const SECRET = 'stack-test-webhook-secret-0123456789';
const ENV = 'PASARELA_IT_WEBHOOK_STACK_SECRET';
const TENANT = 'L02000023';
const OUR_OFFICE = 'O00009001';


const soapCall = (registro: string): string => cirCall('envioFicherosAAplicacion', registro);

describe('tenant webhooks (real RabbitMQ, journal, HTTP receiver; the SIR simulator as the CIR)', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let events: TenantEvents;
  beforeAll(async () => {
    process.env[ENV] = SECRET;
    receiver = await startWebhookReceiver();
    stack = await startStack({
      configure: (config) => {
        config.tenants[0].webhook = { url: receiver.url, secretEnv: ENV };
      },
    });
    events = createTenantEvents({ config: stack.config, journal: stack.app.journal, bus: stack.app.bus, logger: silentLogger() });
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.calls.length = 0;
    receiver.script();
  });

  const callsSeen = (n: number) => waitFor(async () => receiver.calls.length, (seen) => seen >= n);
  const statusOf = (id: string, status: string) => waitFor(() => stack.app.journal.getMessage(id), (m) => m?.status === status);
  const event = (tenant = TENANT) => ({ tenant, event: 'inbox.entry-received', messageId: randomUUID(), data: { exchangeId: 'O00012345_26_00000199' } });

  it('calls the tenant\'s webhook, signed, when SIR brings an entry for one of its offices', async () => {
    const exchangeId = 'O00012345_26_00000201';
    const res = await fetch(`${stack.url}/sir/WS_SIR8_B`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: soapCall(incomingFichero(exchangeId)) });
    expect(res.status).toBe(200);
    await callsSeen(1);
    const call = receiver.calls[0];
    expect(hasValidSignature(call, SECRET)).toBe(true);
    expect(call.headers['pasarela-event']).toBe('inbox.entry-received');
    expect(call.headers['pasarela-delivery']).toBe(call.body.id);
    const inbox = (await (await fetch(`${stack.url}/v1/inbox`, { headers: { authorization: `Bearer ${stack.key}` } })).json()) as any;
    const item = inbox.items.find((i: any) => i.exchangeId === exchangeId);
    expect(call.body).toEqual({
      id: call.body.id, event: 'inbox.entry-received', tenant: TENANT, messageId: item.id, occurredAt: expect.any(String),
      data: { exchangeId, office: OUR_OFFICE },
    });
    expect(await statusOf(call.body.id, 'delivered')).toMatchObject({ type: 'tenant-event', route: TENANT_EVENTS_ROUTE, tenant: TENANT });
  });

  it('tells the tenant, signed, when an entry it sent is refused by its destination with a RECHAZO', async () => {
    stack.sim.setCallbackUrl(`${stack.url}/sir/WS_SIR9`);
    const entry = exampleEntry();
    entry.subject.summary = `${entry.subject.summary} [sim:reject]`;
    const { id } = (await post(stack, entry)).body;
    const calls = await waitFor(async () => receiver.calls.filter((c) => c.body?.event === 'sir.exchange-rejected'), (l) => l.length === 1);
    expect(calls[0].body).toMatchObject({ tenant: TENANT, messageId: id, data: { by: entry.destination.office, exchangeId: expect.stringMatching(/^O00009001_/) } });
    expect(hasValidSignature(calls[0], SECRET)).toBe(true);
    stack.sim.setCallbackUrl(undefined);
  });

  it('sends the event again after two 503 answers, with the same delivery id, and records it delivered once', async () => {
    receiver.script(503, 503, 200);
    await events.publish(event());
    await callsSeen(3);
    const ids = receiver.calls.map((c) => c.headers['pasarela-delivery']);
    expect(new Set(ids).size).toBe(1);
    expect(receiver.calls.every((c) => hasValidSignature(c, SECRET))).toBe(true);
    const delivered = await statusOf(String(ids[0]), 'delivered');
    expect(delivered?.status).toBe('delivered');
    const history = await stack.app.journal.getHistory(String(ids[0]));
    expect(history.filter((h) => h.event === 'retry-scheduled')).toHaveLength(2);
    expect(history.filter((h) => h.event === 'delivered')).toHaveLength(1);
    expect(receiver.calls).toHaveLength(3);
  });

  it('parks the event with WEBHOOK_REFUSED when the receiver answers 400, without trying again', async () => {
    receiver.script(400);
    await events.publish(event());
    await callsSeen(1);
    const id = String(receiver.calls[0].headers['pasarela-delivery']);
    expect((await statusOf(id, 'parked'))?.status).toBe('parked');
    const [parked] = await stack.app.journal.getParked(id);
    expect(parked).toMatchObject({ code: 'WEBHOOK_REFUSED', route: TENANT_EVENTS_ROUTE, attempts: 1 });
    expect(JSON.parse(parked.lastResponse ?? '{}')).toMatchObject({ code: 'WEBHOOK_REFUSED', httpStatus: 400 });
    expect(parked.lastResponse).not.toContain(receiver.url);
    expect(receiver.calls).toHaveLength(1);
  });

  it("delivers an operator's replay of a refused event with the original delivery id, so the receiver can tell it is the same event", async () => {
    receiver.script(400, 200);
    await events.publish(event());
    await callsSeen(1);
    const id = String(receiver.calls[0].headers['pasarela-delivery']);
    await statusOf(id, 'parked');
    const token = await createOperator(stack.app, 'operator');
    const replay = await admin(stack, token, 'POST', `/admin/v1/messages/${id}/replay`, { reason: 'receiver fixed' });
    expect(replay.status).toBe(202);
    await callsSeen(2);
    expect(receiver.calls.map((c) => [c.headers['pasarela-delivery'], c.body.id])).toEqual([[id, id], [id, id]]);
    expect(hasValidSignature(receiver.calls[1], SECRET)).toBe(true);
    expect((await statusOf(replay.body.replayId, 'delivered'))?.deliveryKey).toBe(id);
  });

  it('creates no message at all for a tenant without a webhook', async () => {
    const before = await stack.app.journal.countByStatus({ route: TENANT_EVENTS_ROUTE });
    await events.publish(event(OTHER_TENANT.code));
    expect(await stack.app.journal.countByStatus({ route: TENANT_EVENTS_ROUTE })).toEqual(before);
    expect(receiver.calls).toHaveLength(0);
  });
});
