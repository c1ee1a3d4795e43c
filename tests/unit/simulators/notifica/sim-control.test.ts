import { startNotificaSimulator, type NotificaSimulator } from '../../../../simulators/notifica';
import { exampleRemesa } from '../../../../simulators/notifica/examples';
import { altaRemesaElement, callSimulator, soapRequest } from '../../../../simulators/notifica/requests';
import { child, textOf } from '../../../../simulators/notifica/xml-read';

const KEY = 'clave-de-prueba';

describe('Notific@ simulator control routes (/_sim)', () => {
  let sim: NotificaSimulator;
  const post = async (path: string, body: string) => {
    const res = await fetch(`${sim.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    return { status: res.status, type: res.headers.get('content-type'), json: await res.json() };
  };

  beforeAll(async () => {
    sim = await startNotificaSimulator({ port: 0, apiKeys: [KEY], scenarios: [{ match: {}, scenario: 'stuck' }] });
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    sim.reset();
    await sim.setFaults({});
  });

  it('reports the stats in the documented shape', async () => {
    const res = await fetch(`${sim.url}/_sim/stats`);
    expect(await res.json()).toEqual({
      received: 0, unique: 0, duplicates: 0, authFailures: 0, rejected: 0,
      byOperation: { altaRemesaEnvios: 0, infoEnvioLigero: 0, sincronizarEnvioOE: 0, ampliarPlazoOE: 0 },
      callbacks: { sent: 0, ok: 0, failed: 0, lost: 0, duplicated: 0, gaveUp: 0 },
      faults: { errors: 0, fatals: 0, timeouts: 0, resets: 0, lostAnswers: 0 },
    });
  });

  it('shows an envío by identificador, answers 404 for an unknown one, and forgets them all on reset', async () => {
    const a = await callSimulator(sim.notificaWsUrl, soapRequest(altaRemesaElement(exampleRemesa({ referencia: 'CTL', caducidad: '2025-12-31' })), KEY));
    const id = textOf(child(child(a.result, 'resultadoEnvios'), 'item'), 'identificador') ?? '';
    const shown = await (await fetch(`${sim.url}/_sim/envios/${id}`)).json();
    expect(shown).toEqual({
      identificador: id, organismoEmisor: 'L01230505', tipoEnvio: 2, referenciaEmisor: 'CTL-1', nifTitular: '00000001R', scenario: 'stuck',
      estado: 'pendiente_envio', history: [{ estado: 'pendiente_envio', fecha: expect.any(String) }], caducidad: '2025-12-31',
      createdOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), final: false, cancelled: false, extensions: 0,
    });
    expect(JSON.stringify(shown)).not.toContain('Ejemplo');
    expect((await fetch(`${sim.url}/_sim/envios/${'0'.repeat(20)}`)).status).toBe(404);
    const reset = await post('/_sim/reset', '');
    expect(reset.json).toMatchObject({ received: 0, unique: 0 });
    expect((await fetch(`${sim.url}/_sim/envios/${id}`)).status).toBe(404);
    expect(sim.envio(id)).toBeUndefined();
  });

  it('replaces the whole fault set at /_sim/faults, {} clearing it', async () => {
    const set = { errorRate: 0.1, lostAnswerRate: 0.2, callbackLossRate: 0.5, callbackBeforeAnswer: true, latencyMs: [1, 2] };
    const r = await post('/_sim/faults', JSON.stringify(set));
    expect(r).toMatchObject({ status: 200, json: { ...set, fatalRate: 0, timeoutRate: 0, resetRate: 0, callbackDuplicateRate: 0, down: false } });
    expect(await (await fetch(`${sim.url}/_sim/faults`)).json()).toEqual(sim.faults());
    expect((await post('/_sim/faults', '{}')).json).toMatchObject({ errorRate: 0, lostAnswerRate: 0, callbackBeforeAnswer: false });
  });

  it.each([
    ['an unknown field', '{"errorRate": 0.1, "chaos": true}'],
    ['a rate above 1', '{"lostAnswerRate": 1.5}'],
    ['request rates adding up to more than 1', '{"errorRate": 0.6, "lostAnswerRate": 0.6}'],
    ['callback rates adding up to more than 1', '{"callbackLossRate": 0.6, "callbackDuplicateRate": 0.6}'],
    ['a non-boolean callbackBeforeAnswer', '{"callbackBeforeAnswer": "yes"}'],
    ['not JSON', 'errorRate=1'],
    ['an array', '[]'],
  ])('refuses faults with %s with 400 SIM_BAD_FAULTS and keeps the set it had', async (_label, body) => {
    await sim.setFaults({ fatalRate: 0.25 });
    const r = await post('/_sim/faults', body);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.json).toMatchObject({ code: 'SIM_BAD_FAULTS', detail: expect.any(String) });
    expect(sim.faults().fatalRate).toBe(0.25);
  });

  it('refuses invalid faults in process with CONFIG_INVALID', async () => {
    await expect(sim.setFaults({ bogus: 1 } as never)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(startNotificaSimulator({ port: 0, apiKeys: [KEY], faults: { errorRate: 2 } })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(startNotificaSimulator({ port: 0, apiKeys: [] })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('sets scenario rules at /_sim/scenario and uses them for envíos created afterwards', async () => {
    const rules = [{ match: { nif: '00000001R', conceptIncludes: 'licencia' }, scenario: 'silent', stepDelayMs: [1, 1] }];
    expect(await post('/_sim/scenario', JSON.stringify({ rules }))).toMatchObject({ status: 200, json: { rules } });
    expect(await (await fetch(`${sim.url}/_sim/scenario`)).json()).toEqual({ rules });
    await callSimulator(sim.notificaWsUrl, soapRequest(altaRemesaElement(exampleRemesa({ envios: 2, referencia: 'SC' })), KEY));
    expect(sim.envios().map((e) => e.scenario)).toEqual(['silent', 'read']);
    sim.setScenario([{ match: {}, scenario: 'stuck' }]);
  });

  it.each([
    ['rules that are not a list', '{"rules": {}}'],
    ['an unknown scenario', '{"rules": [{"match": {}, "scenario": "lost"}]}'],
    ['an unknown match field', '{"rules": [{"match": {"email": "x"}, "scenario": "read"}]}'],
    ['an unknown rule field', '{"rules": [{"match": {}, "scenario": "read", "weight": 1}]}'],
    ['a bad stepDelayMs', '{"rules": [{"match": {}, "scenario": "read", "stepDelayMs": [5, 1]}]}'],
  ])('refuses %s at /_sim/scenario with 400 SIM_BAD_SCENARIO, and in process with CONFIG_INVALID', async (_label, body) => {
    const r = await post('/_sim/scenario', body);
    expect(r).toMatchObject({ status: 400, json: { code: 'SIM_BAD_SCENARIO' } });
    expect(() => sim.setScenario(JSON.parse(body).rules)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('refuses a scenario body with a field besides rules', async () => {
    expect(await post('/_sim/scenario', '{"rules": [], "default": "read"}')).toMatchObject({ status: 400, json: { code: 'SIM_BAD_SCENARIO' } });
  });

  it('stops idempotently', async () => {
    const other = await startNotificaSimulator({ port: 0, apiKeys: [KEY] });
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    await expect(fetch(`${other.url}/_sim/stats`)).rejects.toThrow();
  });
});
