import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TenantConfig } from '../../../src/config/types';
import { createWebhookConnector } from '../../../src/connectors/webhook';
import type { Connector, DeliveryContext } from '../../../src/core/plugin';
import { isPasarelaError, type PasarelaError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/observability/logger';
import type { WebhookEventBody } from '../../../transforms/tenant-event-to-webhook';
import { hasValidSignature, startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver';

const SECRET = 'connector-test-secret-0123456789';
const ENV = 'PASARELA_IT_WEBHOOK_CONNECTOR_SECRET';
const TENANT = 'L01000001';

function event(id = 'evt-1'): WebhookEventBody {
  return { id, event: 'inbox.entry-received', tenant: TENANT, messageId: 'm-1', occurredAt: '2026-11-25T14:30:00.000Z', data: { exchangeId: 'O00012345_26_00000101' } };
}

function ctx(signal = new AbortController().signal): DeliveryContext {
  return { signal, attempt: 1, idempotencyKey: 'evt-1', route: 'tenant-events-to-webhook', logger: silentLogger() };
}

async function failure(p: Promise<unknown>): Promise<PasarelaError> {
  try {
    await p;
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected the delivery to fail');
}

/** A connector for one tenant whose webhook is `url`. */
async function connectorFor(url: string, timeoutMs = 5000): Promise<Connector<unknown, WebhookEventBody>> {
  const tenant: TenantConfig = { code: TENANT, name: 'A', offices: [], webhook: { url, secretEnv: ENV } };
  const c = createWebhookConnector({ now: () => 1764081000_000 });
  await c.init({ config: { timeoutMs }, logger: silentLogger(), tenants: [tenant] });
  return c as Connector<unknown, WebhookEventBody>;
}

describe('the webhook connector against a real HTTP receiver', () => {
  let receiver: WebhookReceiver;
  let connector: Connector<unknown, WebhookEventBody>;
  beforeAll(async () => {
    process.env[ENV] = SECRET;
    receiver = await startWebhookReceiver();
    connector = await connectorFor(receiver.url);
  });
  afterAll(async () => {
    await connector.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.calls.length = 0;
    receiver.script();
  });

  it('POSTs the event as JSON with a signature the receiver can verify with the shared secret', async () => {
    const receipt = await connector.deliver(event(), ctx());
    expect(receipt).toEqual({ code: '200', description: 'The webhook answered HTTP 200', keys: { deliveryId: 'evt-1' } });
    expect(receiver.calls).toHaveLength(1);
    const call = receiver.calls[0];
    expect(call.body).toEqual(event());
    expect(call.headers).toMatchObject({
      'content-type': 'application/json', 'pasarela-event': 'inbox.entry-received', 'pasarela-delivery': 'evt-1', 'pasarela-timestamp': '1764081000',
    });
    expect(hasValidSignature(call, SECRET)).toBe(true);
    expect(hasValidSignature(call, SECRET + 'x')).toBe(false);
  });

  it('answers 503 with a retryable WEBHOOK_UNAVAILABLE carrying the status', async () => {
    receiver.script(503);
    expect(await failure(connector.deliver(event(), ctx()))).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true, details: { httpStatus: 503 } });
  });

  it('answers 400 with WEBHOOK_REFUSED, not retryable', async () => {
    receiver.script(400);
    expect(await failure(connector.deliver(event(), ctx()))).toMatchObject({ code: 'WEBHOOK_REFUSED', retryable: false, details: { httpStatus: 400 } });
  });

  it('does not follow a redirect: one call, refused', async () => {
    receiver.script(307);
    expect(await failure(connector.deliver(event(), ctx()))).toMatchObject({ code: 'WEBHOOK_REFUSED', details: { httpStatus: 307 } });
    expect(receiver.calls).toHaveLength(1);
  });

  it('gives up on a receiver that never answers after its time-out, retryably', async () => {
    const slow = await connectorFor(receiver.url, 300);
    receiver.script('hang');
    const err = await failure(slow.deliver(event(), ctx()));
    expect(err).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true, details: { timeoutMs: 300 } });
    await slow.close();
  });

  it('stops when the worker aborts the delivery (shutdown), retryably', async () => {
    receiver.script('hang');
    const abort = new AbortController();
    const pending = failure(connector.deliver(event(), ctx(abort.signal)));
    while (receiver.calls.length === 0) await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    expect(await pending).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true });
  });

  it('reports a refused connection as retryable with its transport code, without the URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = await connectorFor(`http://127.0.0.1:${port}/hook?token=abc`);
    const err = await failure(down.deliver(event(), ctx()));
    expect(err).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true, details: { transportCode: 'ECONNREFUSED' } });
    expect(err.message).not.toMatch(/token|127\.0\.0\.1/);
    await down.close();
  });

  it('takes 2xx as delivered even when the answer body is large, without reading it all', async () => {
    const big = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(Buffer.alloc(5 * 1024 * 1024, 'x'));
      });
    });
    await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
    const c = await connectorFor(`http://127.0.0.1:${(big.address() as AddressInfo).port}/hook`);
    expect((await c.deliver(event(), ctx())).code).toBe('200');
    await c.close();
    await new Promise((r) => {
      big.close(r);
      big.closeAllConnections();
    });
  });
});
