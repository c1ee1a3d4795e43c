import { getMessage, startStack, waitFor, type TestStack } from '../../helpers/stack';
import { callbackXml, postCallback } from '../../helpers/adviser';
import { oneRecipient, postNotification, statesOf, waitClosed, waitForView } from '../../helpers/notifications';

/** pasarela's AdviserWsV2 endpoint, called by the Notific@ simulator and by hand. */
describe.each(['sqlite', 'postgres'] as const)('the Notific@ callback endpoint (journal: %s)', (journal) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ journal, notifica: { stepDelayMs: [20, 40], scenarios: [{ match: { conceptIncludes: 'SILENCIO' }, scenario: 'silent' }] } });
  });
  afterAll(() => stack?.stop());
  afterEach(() => stack.notifica!.setFaults({}));

  it('applies a callback that arrives before the submission\'s answer is recorded', async () => {
    await stack.notifica!.setFaults({ callbackBeforeAnswer: true });
    const posted = await postNotification(stack, oneRecipient('Callback adelantado'));
    const view = await waitClosed(stack, posted.body.id);
    const [envio] = view.notification.envios;
    // The first callback was answered 002 (not known yet) and held; it was applied when the answer was recorded.
    const first = stack.notifica!.callbacks().find((c) => c.identificador === envio.identificador && c.estado === 'pendiente_envio' && c.attempt === 1);
    expect(first?.codigo).toBe('002');
    expect(statesOf(view, envio.identificador)).toEqual(['pendiente_envio', 'enviado_deh', 'notificada']);
    const events = view.history.map((h: any) => h.event);
    expect(events.indexOf('notifica-submitted')).toBeLessThan(events.indexOf('notifica-state'));
  });

  it('records each state once when every callback arrives twice', async () => {
    await stack.notifica!.setFaults({ callbackDuplicateRate: 1 });
    const posted = await postNotification(stack, oneRecipient('Callbacks duplicados'));
    const closed = await waitClosed(stack, posted.body.id);
    const [envio] = closed.notification.envios;
    // The second copy of the last callback may still be on its way when the first closed the notification.
    const copies = await waitFor(async () => stack.notifica!.callbacks().filter((c) => c.identificador === envio.identificador && c.copy === 2), (cs) => cs.length >= 3);
    expect(copies.map((c) => c.estado).sort()).toEqual(['enviado_deh', 'notificada', 'pendiente_envio']);
    expect(copies.every((c) => c.codigo === '000')).toBe(true);
    const view = (await getMessage(stack, posted.body.id)).body;
    expect(statesOf(view, envio.identificador)).toEqual(['pendiente_envio', 'enviado_deh', 'notificada']);
    expect(view.history.filter((h: any) => h.event === 'notifica-certified')).toHaveLength(1);
    expect(view.history.filter((h: any) => h.event === 'notification-closed')).toHaveLength(1);
  });

  it('answers 002 to a callback for an identificador nobody sent, records no envío and only holds the report, for a submission that may still come', async () => {
    const before = await stack.app.journal.operations.countMessages({ type: 'notification' });
    const answer = await postCallback(stack.url, callbackXml({ identificador: 'ffffffffffffffffffff', estado: 'notificada' }));
    expect(answer.status).toBe(200);
    expect(answer.codigo).toBe('002');
    expect(await stack.app.journal.notifica.envio('ffffffffffffffffffff')).toBeUndefined();
    expect(await stack.app.journal.operations.countMessages({ type: 'notification' })).toBe(before);
    expect((await stack.app.journal.notifica.takeEarly('ffffffffffffffffffff')).map((e) => [e.identificador, e.estado])).toEqual([['ffffffffffffffffffff', 'notificada']]);
  });

  it('reads children with and without namespace alike', async () => {
    const posted = await postNotification(stack, oneRecipient('Notificación en SILENCIO'));
    const open = await waitForView(stack, posted.body.id, (v) => v.notification?.envios[0].state === 'pendiente_envio');
    const id = open.notification.envios[0].identificador;
    const t0 = Date.now();
    const unqualified = await postCallback(stack.url, callbackXml({ identificador: id, estado: 'enviado_deh', fechaEstado: new Date(t0 + 1000).toISOString(), qualified: false }));
    expect(unqualified.codigo).toBe('000');
    const qualified = await postCallback(stack.url, callbackXml({ identificador: id, estado: 'leida', fechaEstado: new Date(t0 + 2000).toISOString(), acuse: Buffer.from('%PDF-1.4 acuse') }));
    expect(qualified.codigo).toBe('000');
    const view = await waitClosed(stack, posted.body.id);
    expect(statesOf(view, id)).toEqual(['pendiente_envio', 'enviado_deh', 'leida']);
    expect(view.notification.envios[0].certificate.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps a late report as history without moving the state back', async () => {
    const posted = await postNotification(stack, oneRecipient('Otra en SILENCIO'));
    const open = await waitForView(stack, posted.body.id, (v) => v.notification?.envios[0].state === 'pendiente_envio');
    const id = open.notification.envios[0].identificador;
    const late = await postCallback(stack.url, callbackXml({ identificador: id, estado: 'pendiente_deh', fechaEstado: '2000-01-01T00:00:00Z' }));
    expect(late.codigo).toBe('000');
    const view = (await getMessage(stack, posted.body.id)).body;
    expect(view.notification.envios[0].state).toBe('pendiente_envio');
    expect(view.history.map((h: any) => h.event)).toContain('notifica-state-late');
  });

  it('refuses an unknown state (003), another emitter (001) and a certification without acuse (004)', async () => {
    const posted = await postNotification(stack, oneRecipient('Más SILENCIO'));
    const open = await waitForView(stack, posted.body.id, (v) => v.notification?.envios[0].state === 'pendiente_envio');
    const id = open.notification.envios[0].identificador;
    expect((await postCallback(stack.url, callbackXml({ identificador: id, estado: 'rechazada' }))).codigo).toBe('003');
    expect((await postCallback(stack.url, callbackXml({ identificador: id, estado: 'leida', organismo: 'L01230001' }))).codigo).toBe('001');
    expect((await postCallback(stack.url, callbackXml({ identificador: id, estado: 'leida', tipoEntrega: '2' }))).codigo).toBe('004');
    expect((await getMessage(stack, posted.body.id)).body.notification.envios[0].state).toBe('pendiente_envio');
  });

  it.each([
    ['not XML', 'hello'],
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['deep nesting', '<a>'.repeat(5000) + '</a>'.repeat(5000)],
    ['another operation', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x:other xmlns:x="urn:x"/></soapenv:Body></soapenv:Envelope>'],
    ['an empty Body', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>'],
  ])('answers %s with a SOAP Client fault and stays up', async (_name, body) => {
    const answer = await postCallback(stack.url, body);
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('<faultcode>soapenv:Client</faultcode>');
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('serves its WSDL at ?wsdl with the caller\'s address', async () => {
    const res = await fetch(`${stack.url}/notifica/AdviserWsV2?wsdl`);
    expect(res.status).toBe(200);
    const wsdl = await res.text();
    expect(wsdl).toContain('sincronizarEnvio');
    expect(wsdl).toContain(`${stack.url}/notifica/AdviserWsV2`);
  });
});

describe('the Notific@ callback endpoint with an API key', () => {
  let stack: TestStack;
  const callbackKey = 'callback-key-for-tests-0123456789';

  beforeAll(async () => {
    process.env.PASARELA_TEST_NOTIFICA_CALLBACK_KEY = callbackKey;
    stack = await startStack({ notifica: { stepDelayMs: [20, 40], callbackApiKey: callbackKey, connector: { callback: { apiKeyEnv: 'PASARELA_TEST_NOTIFICA_CALLBACK_KEY' } } } });
  });
  afterAll(async () => {
    await stack?.stop();
    delete process.env.PASARELA_TEST_NOTIFICA_CALLBACK_KEY;
  });

  it('takes callbacks that carry the key and refuses those that do not', async () => {
    const posted = await postNotification(stack, oneRecipient('Con clave de callback'));
    const view = await waitClosed(stack, posted.body.id);
    const id = view.notification.envios[0].identificador;
    const without = await postCallback(stack.url, callbackXml({ identificador: id, estado: 'leida' }));
    expect(without.status).toBe(401);
    const wrong = await postCallback(stack.url, callbackXml({ identificador: id, estado: 'leida', apiKey: 'not-the-key' }));
    expect(wrong.status).toBe(401);
    const right = await postCallback(stack.url, callbackXml({ identificador: id, estado: 'leida', apiKey: callbackKey }));
    expect(right.codigo).toBe('000');
  });
});
