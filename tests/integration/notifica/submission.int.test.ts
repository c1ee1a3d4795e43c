import { createKey, getMessage, messageCount, OTHER_TENANT, startStack, waitFor, type TestStack } from '../../helpers/stack';
import { exampleNotification, notificationAction, oneRecipient, postNotification, waitClosed } from '../../helpers/notifications';

describe('POST /v1/notifications', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      notifica: { stepDelayMs: [20, 40] },
      // A second unit of the demo tenant, for keys bound to one unit.
      configure: (config) => {
        config.tenants[0].units = [...(config.tenants[0].units ?? []), 'L02000099'];
      },
    });
  });
  afterAll(() => stack?.stop());

  it('lets a key bound to a unit see and act on that unit\'s notifications only', async () => {
    const ours = await createKey(stack.app, 'L02000023', { units: ['L02000023'] });
    const otherUnit = await createKey(stack.app, 'L02000023', { units: ['L02000099'] });
    const posted = await postNotification(stack, oneRecipient('Para una unidad'), { key: ours });
    expect(posted.status).toBe(202);
    const view = await waitClosed(stack, posted.body.id);
    expect((await getMessage(stack, posted.body.id, ours)).status).toBe(200);
    expect((await getMessage(stack, posted.body.id, otherUnit)).status).toBe(404);
    expect((await notificationAction(stack, posted.body.id, 'cancel', { reason: 'x' }, otherUnit)).body.code).toBe('NOTIFICA_NOT_NOTIFICATION');
    const cert = await fetch(`${stack.url}${view.notification.envios[0].certificate.url}`, { headers: { authorization: `Bearer ${otherUnit}` } });
    expect(cert.status).toBe(404);
    expect((await postNotification(stack, oneRecipient('De otra unidad'), { key: otherUnit })).body.code).toBe('AUTH_FORBIDDEN_UNIT');
  });

  it('repeats the first answer for a repeated Idempotency-Key and submits once', async () => {
    const body = oneRecipient('Idempotente');
    const first = await postNotification(stack, body, { headers: { 'idempotency-key': 'notif-1' } });
    const again = await postNotification(stack, body, { headers: { 'idempotency-key': 'notif-1' } });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await postNotification(stack, oneRecipient('Otro cuerpo'), { headers: { 'idempotency-key': 'notif-1' } });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
    await waitClosed(stack, first.body.id);
  });

  it.each([
    ['a body that is not JSON', '{"issuingBody": ', 'application/json', 400, 'INTAKE_INVALID_JSON'],
    ['another media type', JSON.stringify(exampleNotification()), 'text/csv', 415, 'INTAKE_UNSUPPORTED_MEDIA_TYPE'],
    ['a payload against the schema', JSON.stringify({ ...exampleNotification(), extra: 1 }), 'application/json', 400, 'INTAKE_VALIDATION_FAILED'],
    ['a document whose hash does not match', JSON.stringify({ ...exampleNotification(), document: { ...exampleNotification().document, sha256: '0'.repeat(64) } }), 'application/json', 400, 'INTAKE_VALIDATION_FAILED'],
    ['an issuing body that is not the tenant\'s', JSON.stringify({ ...exampleNotification(), issuingBody: 'L01230001' }), 'application/json', 403, 'AUTH_FORBIDDEN_UNIT'],
    ['a body nested too deep', '['.repeat(100) + ']'.repeat(100), 'application/json', 400, 'INTAKE_TOO_DEEP'],
  ])('refuses %s with a coded problem and writes nothing', async (_name, body, contentType, status, code) => {
    const before = await messageCount(stack);
    const res = await fetch(`${stack.url}/v1/notifications`, { method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': contentType }, body });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe(code);
    expect(await messageCount(stack)).toBe(before);
  });

  it('points at the offending field of an invalid identity document', async () => {
    const n = exampleNotification();
    n.recipients[0].holder.documentNumber = '99000003A';
    const res = await postNotification(stack, n);
    expect(res.status).toBe(400);
    expect(res.body.errors ?? res.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/recipients/0/holder/documentNumber' })]));
  });

  it('needs the notifications:write scope', async () => {
    const readOnly = await createKey(stack.app, 'L02000023', { scopes: ['messages:read'] });
    const res = await postNotification(stack, exampleNotification(), { key: readOnly });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH_FORBIDDEN_SCOPE');
  });

  it('keeps a notification, its actions and its certificates from other tenants', async () => {
    const posted = await postNotification(stack, oneRecipient('Solo para su municipio'));
    const view = await waitClosed(stack, posted.body.id);
    expect((await getMessage(stack, posted.body.id, stack.otherKey)).status).toBe(404);
    const cancel = await notificationAction(stack, posted.body.id, 'cancel', { reason: 'x' }, stack.otherKey);
    expect(cancel.body.code).toBe('NOTIFICA_NOT_NOTIFICATION');
    const cert = await fetch(`${stack.url}${view.notification.envios[0].certificate.url}`, { headers: { authorization: `Bearer ${stack.otherKey}` } });
    expect(cert.status).toBe(404);
    expect(OTHER_TENANT.code).not.toBe(view.tenant);
  });

  it('refuses cancel and extend bodies that are not what they take', async () => {
    const posted = await postNotification(stack, oneRecipient('Cuerpos de acción'));
    await waitClosed(stack, posted.body.id);
    for (const [action, body] of [['cancel', {}], ['cancel', { reason: 'a\nb' }], ['extend', { reason: 'r', days: 0 }], ['extend', { reason: 'r', days: 1, other: true }]] as const) {
      const res = await notificationAction(stack, posted.body.id, action, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INTAKE_VALIDATION_FAILED');
    }
  });
});

describe('submitting to Notific@', () => {
  it('parks the notification when Notific@ refuses the API key, and submits nothing', async () => {
    const stack = await startStack({ notifica: { apiKeys: ['a-key-pasarela-does-not-have'] } });
    try {
      const posted = await postNotification(stack, oneRecipient('Clave inválida'));
      const view = await waitFor(() => getMessage(stack, posted.body.id), (r) => r.body.status === 'parked');
      expect(view.body.status).toBe('parked');
      expect(view.body.history.at(-1)).toMatchObject({ event: 'parked', code: 'NOTIFICA_AUTH_REFUSED' });
      // Not retryable: one attempt, refused at the door.
      expect(view.body.attempts).toBe(1);
      expect(stack.notifica!.stats()).toMatchObject({ received: 0, authFailures: 1 });
    } finally {
      await stack.stop();
    }
  });

  it('finds a submission whose answer was lost instead of submitting it twice', async () => {
    const stack = await startStack({ notifica: { stepDelayMs: [20, 40], faults: { lostAnswerRate: 1 } } });
    try {
      const posted = await postNotification(stack, exampleNotification());
      await waitFor(async () => stack.notifica!.stats().received, (n) => n >= 2);
      await stack.notifica!.setFaults({});
      const view = await waitClosed(stack, posted.body.id);
      expect(view.notification.envios.map((e: any) => e.state)).toEqual(['notificada', 'notificada']);
      expect(stack.notifica!.stats()).toMatchObject({ received: 2, unique: 2, duplicates: 0 });
      expect(view.history.find((h: any) => h.event === 'delivered').detail).toContain('found by referenciaEmisor');
    } finally {
      await stack.stop();
    }
  });
});
