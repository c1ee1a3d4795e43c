import { createHash } from 'node:crypto';
import { startStack, type TestStack } from '../../helpers/stack';
import { exampleNotification, notificationAction, oneRecipient, postNotification, statesOf, waitClosed, waitForView } from '../../helpers/notifications';

/**
 * A notification from the municipal request to its final state, on real parts: intake, RabbitMQ,
 * the route worker, the Notific@ simulator driving each envío and calling pasarela back.
 */
describe.each(['sqlite', 'postgres'] as const)('a notification through Notific@ (journal: %s)', (journal) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      journal,
      notifica: {
        stepDelayMs: [20, 40],
        scenarios: [
          { match: { conceptIncludes: 'RECHAZO' }, scenario: 'rejected' },
          { match: { conceptIncludes: 'CADUCA' }, scenario: 'expired' },
          { match: { conceptIncludes: 'SILENCIO' }, scenario: 'silent' },
        ],
      },
    });
  });
  afterAll(() => stack?.stop());

  it('is posted as the canonical example, delivered, read by each citizen, closed, with a certificate the tenant can download', async () => {
    const posted = await postNotification(stack, exampleNotification());
    expect(posted.status).toBe(202);
    expect(posted.body.status).toBe('queued');
    const view = await waitClosed(stack, posted.body.id);
    expect(view.status).toBe('delivered');
    expect(view.notification.envios).toHaveLength(2);
    for (const e of view.notification.envios) {
      expect(e.state).toBe('notificada');
      expect(e.final).toBe(true);
      expect(statesOf(view, e.identificador)).toEqual(['pendiente_envio', 'enviado_deh', 'notificada']);
      const cert = await fetch(`${stack.url}${e.certificate.url}`, { headers: { authorization: `Bearer ${stack.key}` } });
      expect(cert.status).toBe(200);
      expect(cert.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await cert.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.certificate.sha256);
      expect(bytes.toString('latin1')).toContain(e.identificador);
    }
    const events = view.history.map((h: any) => h.event);
    expect(events).toEqual(expect.arrayContaining(['received', 'queued', 'delivering', 'notifica-submitted', 'delivered', 'notifica-certified', 'notification-closed']));
    expect(events.filter((e: string) => e === 'notification-closed')).toHaveLength(1);
    expect(stack.notifica!.stats()).toMatchObject({ received: 2, unique: 2, duplicates: 0 });
  });

  it('records a rejection by the citizen as the envío\'s final state', async () => {
    const posted = await postNotification(stack, oneRecipient('Requerimiento RECHAZO de prueba'));
    const view = await waitClosed(stack, posted.body.id);
    const [envio] = view.notification.envios;
    expect(envio.state).toBe('rehusada');
    expect(statesOf(view, envio.identificador)).toEqual(['pendiente_envio', 'enviado_deh', 'rehusada']);
    expect(view.history.find((h: any) => h.event === 'notifica-state' && h.code === 'rehusada').outcome).toBe('error');
  });

  it('records an expiry without access as the envío\'s final state', async () => {
    const posted = await postNotification(stack, oneRecipient('Aviso que CADUCA sin acceso'));
    const view = await waitClosed(stack, posted.body.id);
    expect(view.notification.envios[0].state).toBe('expirada');
  });

  it('cancels an open notification through sincronizarEnvioOE, and Notific@ holds it anulada', async () => {
    const posted = await postNotification(stack, oneRecipient('Notificación en SILENCIO'));
    const open = await waitForView(stack, posted.body.id, (v) => v.notification?.envios[0].state === 'pendiente_envio');
    const cancelled = await notificationAction(stack, posted.body.id, 'cancel', { reason: 'Error en el destinatario' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.envios).toEqual([expect.objectContaining({ identificador: open.notification.envios[0].identificador, ok: true, state: 'anulada' })]);
    const view = await waitClosed(stack, posted.body.id);
    expect(view.notification.envios[0].state).toBe('anulada');
    expect(stack.notifica!.envio(open.notification.envios[0].identificador)?.estado).toBe('anulada');
    const again = await notificationAction(stack, posted.body.id, 'cancel', { reason: 'otra vez' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTIFICA_ALREADY_FINAL');
  });

  it('extends the expiry of an open notification through ampliarPlazoOE', async () => {
    const posted = await postNotification(stack, oneRecipient('Plazo en SILENCIO'));
    await waitForView(stack, posted.body.id, (v) => v.notification?.envios[0].state === 'pendiente_envio');
    const extended = await notificationAction(stack, posted.body.id, 'extend', { days: 5, reason: 'Solicitud del interesado' });
    expect(extended.status).toBe(200);
    expect(extended.body.envios[0]).toMatchObject({ ok: true });
    const view = await waitForView(stack, posted.body.id, (v) => v.notification.envios[0].expiresOn !== null);
    expect(view.notification.envios[0].expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.history.map((h: any) => h.event)).toContain('notifica-extended');
  });
});
