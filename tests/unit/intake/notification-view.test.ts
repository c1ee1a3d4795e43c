import { createEnvelope, type MessageType } from '../../../src/core/envelope';
import type { MessageRow } from '../../../src/journal/journal';
import type { EnvioRow } from '../../../src/journal/notifica';
import { messageView, notificationView } from '../../../src/intake/message-view';

function row(type: MessageType = 'notification'): MessageRow {
  const envelope = createEnvelope({ type, schemaVersion: 1, tenant: 'L02000023', source: { system: 's', adapter: 'json@1' }, payload: {} });
  return {
    id: envelope.id, tenant: 'L02000023', type, route: 'notification-to-notifica', status: 'delivered', correlationId: envelope.id, registryNumber: null,
    exchangeId: null, idempotencyKey: null, requestHash: null, attempts: 1, createdAt: '2026-05-04T10:00:00.000Z', updatedAt: '2026-05-04T10:00:00.000Z',
    envelope, replayOf: null, deliveryKey: envelope.id,
  };
}

function envio(messageId: string, recipientIndex: number, extra: Partial<EnvioRow> = {}): EnvioRow {
  return {
    identificador: `id-${recipientIndex}`, messageId, tenant: 'L02000023', recipientIndex, recipients: 2, organismo: 'L02000023',
    referencia: `P${recipientIndex}`.padEnd(20, '0'), state: 'enviado_deh', stateAt: '2026-05-04T10:00:00.000Z', final: false, origin: 'electronico',
    receptor: null, certificate: null, expiresOn: '2026-05-14', checkedAt: null, createdAt: '2026-05-04T09:00:00.000Z', updatedAt: '2026-05-04T10:00:00.000Z',
    ...extra,
  };
}

describe('notificationView', () => {
  it('is undefined for messages that are not notifications', () => {
    for (const type of ['registry-entry', 'sir-control', 'expediente-status'] as const) {
      const r = row(type);
      expect(notificationView(r, [envio(r.id, 0)])).toBeUndefined();
    }
  });

  it('is null for a notification Notific@ has not taken yet', () => {
    expect(notificationView(row(), [])).toBeNull();
  });

  it('shows each envío with its recipient counted from 1, its reference, state and expiry', () => {
    const r = row();
    const view = notificationView(r, [envio(r.id, 0), envio(r.id, 1, { state: null, stateAt: null, origin: null, expiresOn: null })]);
    expect(view?.envios).toEqual([
      { identificador: 'id-0', recipient: 1, reference: 'P0'.padEnd(20, '0'), state: 'enviado_deh', stateAt: '2026-05-04T10:00:00.000Z', final: false, origin: 'electronico', receptor: null, expiresOn: '2026-05-14', certificate: null },
      { identificador: 'id-1', recipient: 2, reference: 'P1'.padEnd(20, '0'), state: null, stateAt: null, final: false, origin: null, receptor: null, expiresOn: null, certificate: null },
    ]);
  });

  it('is open while some envío is not final', () => {
    const r = row();
    expect(notificationView(r, [envio(r.id, 0, { final: true, state: 'notificada' }), envio(r.id, 1)])?.closed).toBe(false);
    expect(notificationView(r, [envio(r.id, 0), envio(r.id, 1)])?.closed).toBe(false);
  });

  it('is closed once every envío is final', () => {
    const r = row();
    expect(notificationView(r, [envio(r.id, 0, { final: true, state: 'notificada' }), envio(r.id, 1, { final: true, state: 'rehusada' })])?.closed).toBe(true);
    expect(notificationView(r, [envio(r.id, 0, { final: true, state: 'anulada' })])?.closed).toBe(true);
  });

  it('shows the receptor to the tenant, as recorded', () => {
    const r = row();
    const receptor = { nif: '12345678Z', name: 'María López García', link: '1' };
    expect(notificationView(r, [envio(r.id, 0, { receptor })])?.envios[0].receptor).toEqual(receptor);
  });

  it("links a certificate to the envío's certificate endpoint, with its hash, csv and date", () => {
    const r = row();
    const certificate = { sha256: 'a'.repeat(64), csv: 'CSV-1', at: '2026-05-04T10:07:00.000Z' };
    const view = notificationView(r, [envio(r.id, 0, { final: true, state: 'notificada', certificate })]);
    expect(view?.envios[0].certificate).toEqual({ ...certificate, url: `/v1/notifications/${r.id}/envios/id-0/certificate` });
  });

  it('names no certificate for an envío without one', () => {
    const r = row();
    expect(notificationView(r, [envio(r.id, 0)])?.envios[0].certificate).toBeNull();
  });
});

describe('messageView with Notific@ envíos', () => {
  it('includes the notification block for a notification, null before Notific@ took it', () => {
    const r = row();
    expect(messageView(r, [], [], [envio(r.id, 0)])).toHaveProperty('notification.closed', false);
    expect(messageView(r, [])).toHaveProperty('notification', null);
  });

  it('includes no notification block for other messages', () => {
    expect(messageView(row('registry-entry'), [])).not.toHaveProperty('notification');
  });
});
