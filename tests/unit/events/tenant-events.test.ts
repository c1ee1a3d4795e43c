import type { TenantConfig } from '../../../src/config/types';
import { createTenantEvents, TENANT_EVENTS_ROUTE } from '../../../src/events';
import { createJournal } from '../../../src/journal';
import type { Journal } from '../../../src/journal/journal';
import { silentLogger } from '../../../src/observability/logger';
import { MemoryBus } from '../../helpers/memory-bus';

const WITH_HOOK: TenantConfig = { code: 'L01000001', name: 'A', offices: ['O00000001'], webhook: { url: 'https://hooks.example/a', secretEnv: 'HOOK_A' } };
const ONLY_OTHER: TenantConfig = {
  code: 'L01000002', name: 'B', offices: ['O00000002'], webhook: { url: 'https://hooks.example/b', secretEnv: 'HOOK_B', events: ['notification.read'] },
};
const WITHOUT: TenantConfig = { code: 'L01000003', name: 'C', offices: ['O00000003'] };
const MESSAGE_ID = '01936f0e-8a11-7c3e-8f00-2b1e0d9c8a77';

describe('the tenant events publisher', () => {
  let journal: Journal;
  let bus: MemoryBus;
  beforeEach(async () => {
    journal = createJournal('sqlite::memory:');
    await journal.migrate();
    bus = new MemoryBus();
  });
  afterEach(() => journal.close());

  const events = () => createTenantEvents({ config: { tenants: [WITH_HOOK, ONLY_OTHER, WITHOUT] }, journal, bus, logger: silentLogger() });
  const event = (tenant: string) => ({ tenant, event: 'inbox.entry-received', messageId: MESSAGE_ID, data: { exchangeId: 'O00012345_26_00000101' } });

  it('queues a tenant-event message on the webhook route for a tenant whose webhook wants the event', async () => {
    await events().publish(event(WITH_HOOK.code));
    expect(bus.queue).toHaveLength(1);
    expect(bus.queue[0].route).toBe(TENANT_EVENTS_ROUTE);
    const envelope = JSON.parse(bus.queue[0].body.toString());
    expect(envelope).toMatchObject({
      type: 'tenant-event', schemaVersion: 1, tenant: WITH_HOOK.code, causationId: MESSAGE_ID, correlationId: MESSAGE_ID,
      payload: { event: 'inbox.entry-received', tenant: WITH_HOOK.code, messageId: MESSAGE_ID, occurredAt: envelope.occurredAt, data: { exchangeId: 'O00012345_26_00000101' } },
    });
    expect(await journal.getMessage(envelope.id)).toMatchObject({ status: 'queued', route: TENANT_EVENTS_ROUTE, type: 'tenant-event' });
  });

  it('makes no message for a tenant without a webhook, an event its list leaves out, or an unknown tenant', async () => {
    const publisher = events();
    await publisher.publish(event(WITHOUT.code));
    await publisher.publish(event(ONLY_OTHER.code));
    await publisher.publish(event('L09999999'));
    expect(bus.queue).toHaveLength(0);
    expect(await journal.countByStatus({ route: TENANT_EVENTS_ROUTE })).toEqual({});
  });

  it('refuses, when created, a webhook with both secret references', () => {
    const bad: TenantConfig = { ...WITH_HOOK, webhook: { url: 'https://h/', secretEnv: 'A', secretFile: '/a' } };
    expect(() => createTenantEvents({ config: { tenants: [bad] }, journal, bus, logger: silentLogger() })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
