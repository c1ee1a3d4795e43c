import type { TenantConfig } from '../../../../src/config/types';
import { createWebhookConnector } from '../../../../src/connectors/webhook';
import { connectorFactories } from '../../../../src/connectors';
import { silentLogger } from '../../../../src/observability/logger';
import { codeOf } from '../../../helpers/errors';

const TENANT: TenantConfig = { code: 'L01000001', name: 'A', offices: [], webhook: { url: 'http://127.0.0.1:9/hook', secretEnv: 'PASARELA_UNIT_HOOK_SECRET_UNSET' } };
const delivery = { signal: new AbortController().signal, attempt: 1, idempotencyKey: 'e-1', route: 'tenant-events-to-webhook', logger: silentLogger() };
const body = { id: 'e-1', event: 'inbox.entry-received', tenant: 'L09999999', messageId: 'm-1', occurredAt: '2026-11-25T14:30:00.000Z', data: {} };

describe('the webhook connector (no network)', () => {
  it('is registered as webhook and delivers webhook-event payloads', () => {
    const c = connectorFactories.webhook();
    expect(c.name).toBe('webhook');
    expect(c.accepts).toEqual(['webhook-event']);
  });

  it('fails init with CONFIG_INVALID when a tenant\'s secret variable is not set', async () => {
    delete process.env.PASARELA_UNIT_HOOK_SECRET_UNSET;
    expect(await codeOf(createWebhookConnector().init({ config: {}, logger: silentLogger(), tenants: [TENANT] }))).toBe('CONFIG_INVALID');
  });

  it('fails init with CONFIG_INVALID on a time-out out of range', async () => {
    expect(await codeOf(createWebhookConnector().init({ config: { timeoutMs: 0 }, logger: silentLogger(), tenants: [] }))).toBe('CONFIG_INVALID');
  });

  it('parks (WEBHOOK_NOT_CONFIGURED) an event whose tenant has no webhook any more', async () => {
    const c = createWebhookConnector();
    await c.init({ config: {}, logger: silentLogger(), tenants: [] });
    expect(await codeOf(c.deliver(body, delivery))).toBe('WEBHOOK_NOT_CONFIGURED');
    await c.close();
    await c.close();
    expect(await codeOf(c.deliver(body, delivery))).toBe('CONFIG_INVALID');
  });
});
