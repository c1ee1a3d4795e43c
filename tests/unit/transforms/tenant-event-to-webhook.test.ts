import { createEnvelope } from '../../../src/core/envelope';
import type { TenantEventPayload } from '../../../src/events';
import { tenantEventToWebhook } from '../../../transforms/tenant-event-to-webhook';

function eventEnvelope(payload: object) {
  return createEnvelope<TenantEventPayload>({
    type: 'tenant-event', schemaVersion: 1, tenant: 'L02000023', source: { system: 'pasarela', adapter: 'tenant-events@1' }, payload: payload as TenantEventPayload,
  });
}

const GOOD: TenantEventPayload = {
  event: 'inbox.entry-received', tenant: 'L02000023', messageId: 'm-1', occurredAt: '2026-11-25T14:30:00.000Z', data: { exchangeId: 'O00012345_26_00000101' },
};

describe('tenant-event-to-webhook', () => {
  it('makes the webhook body with the envelope id as the event id', () => {
    const envelope = eventEnvelope(GOOD);
    expect(tenantEventToWebhook.apply(envelope)).toEqual({
      id: envelope.id, event: 'inbox.entry-received', tenant: 'L02000023', messageId: 'm-1', occurredAt: '2026-11-25T14:30:00.000Z',
      data: { exchangeId: 'O00012345_26_00000101' },
    });
  });

  it('is deterministic: the same message gives the same body on every attempt', () => {
    const envelope = eventEnvelope(GOOD);
    expect(JSON.stringify(tenantEventToWebhook.apply(envelope))).toBe(JSON.stringify(tenantEventToWebhook.apply(envelope)));
  });

  it.each([
    ['no event', { ...GOOD, event: undefined }],
    ['data that is not an object', { ...GOOD, data: ['x'] }],
    ['a tenant other than the envelope\'s', { ...GOOD, tenant: 'L01230001' }],
    ['no message id', { ...GOOD, messageId: '' }],
  ])('refuses a payload with %s (TRANSFORM_FAILED, not retryable)', (_why, payload) => {
    expect(() => tenantEventToWebhook.apply(eventEnvelope(payload))).toThrow(
      expect.objectContaining({ code: 'TRANSFORM_FAILED', retryable: false }),
    );
  });
});
