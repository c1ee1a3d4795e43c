import { registryEntryToSicres3 } from '../../../../transforms/registry-entry-to-sicres3';
import { generateApiKey } from '../../../../src/intake/api-keys';
import { buildControlMessage, parseControlMessage, type ControlMessage } from '../../../../src/sir/control-message';
import { annexOf, envelopeOf, minimalEntry } from '../../../fixtures/sir/registry-entries';
import { createKey, OTHER_TENANT, startStack, waitFor, type TestStack } from '../../../helpers/stack';
import { startTenantApp, type TenantApp } from './tenant-app';

const OUR_OFFICE = 'O00009001';
const FAR_OFFICE = 'O00067890';
const UNPROXIED = { code: 'L01230002', name: 'Ayuntamiento sin proxy', offices: ['O00007002'], units: ['L01230002'] };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A fichero from `origin` to `destination`, as a registry application writes it. */
function fichero(exchangeId: string, origin: string, destination: string): string {
  const entry = minimalEntry(exchangeId);
  entry.origin.office = origin;
  entry.destination = { office: destination };
  entry.annexes = [annexOf('solicitud.pdf', '%PDF-1.4 demo')];
  return registryEntryToSicres3.apply(envelopeOf(entry)).xml;
}

/** WS_SIR6_B as the Ministry's WSDL has it: rpc/literal. */
const ws6bLiteral = (registro: string) => '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.manager.cct.map.es"><soapenv:Body>'
  + `<impl:recepcionFicheroDeAplicacion><registro>${escape(registro)}</registro></impl:recepcionFicheroDeAplicacion></soapenv:Body></soapenv:Envelope>`;

/** WS_SIR6_B as regweb3/SIGEM's WSDL has it: rpc/encoded, the parameter under another name. */
const ws6bEncoded = (registro: string) => '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soapenv:Body>'
  + `<ns1:recepcionFicheroDeAplicacion xmlns:ns1="http://impl.manager.cct.map.es" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><arg0 xsi:type="xsd:string">${escape(registro)}</arg0></ns1:recepcionFicheroDeAplicacion></soapenv:Body></soapenv:Envelope>`;

const ws7 = (mensaje: string) => '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.manager.cct.map.es"><soapenv:Body>'
  + `<impl:recepcionMensajeDatosControlDeAplicacion><impl:mensaje>${escape(mensaje)}</impl:mensaje></impl:recepcionMensajeDatosControlDeAplicacion></soapenv:Body></soapenv:Envelope>`;

const ws8b = (registro: string) => '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
  + `<envioFicherosAAplicacion><value0>${escape(registro)}</value0><value1></value1></envioFicherosAAplicacion></soapenv:Body></soapenv:Envelope>`;

const basic = (key: string, user = 'regweb') => `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;

function ack(exchangeId: string, from: string, to: string): ControlMessage {
  return { originOffice: from, destinationOffice: to, exchangeId, type: '01', description: 'ACK', testIndicator: '1' };
}

describe.each(['sqlite', 'postgres'] as const)('CIR proxy mode: a tenant\'s own registry application speaks SIR through pasarela (real RabbitMQ, %s journal, the simulator as SIR)', (journal) => {
  let stack: TestStack;
  let app: TenantApp;
  let unproxiedKey: string;

  beforeAll(async () => {
    app = await startTenantApp();
    stack = await startStack({
      journal,
      configure: (c) => {
        for (const t of c.tenants) {
          if (t.code === 'L02000023' || t.code === OTHER_TENANT.code) t.sirProxy = { ws8bUrl: app.ws8bUrl, ws9Url: app.ws9Url, timeoutMs: 5000 };
        }
        c.tenants.push({ ...UNPROXIED });
      },
    });
    stack.sim.setCallbackUrl(`${stack.url}/sir/WS_SIR9`);
    const k = generateApiKey();
    await stack.app.journal.createApiKey({ tenant: UNPROXIED.code, name: 'test', hash: k.hash, prefix: k.prefix });
    unproxiedKey = k.key;
  });
  afterAll(async () => {
    await stack?.stop();
    await app?.close();
  });
  afterEach(() => {
    app.setDown(false);
    app.setCodigo('00');
  });

  async function call(path: string, body: string, authorization?: string) {
    const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' };
    if (authorization) headers.authorization = authorization;
    const res = await fetch(`${stack.url}${path}`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, codigo: /<codigo[^>]*>([^<]*)</.exec(text)?.[1], descripcion: /<descripcion[^>]*>([^<]*)</.exec(text)?.[1], fault: /<faultcode>([^<]*)</.exec(text)?.[1], text };
  }
  /** Messages the journal holds on a route, whatever their status. */
  async function onRoute(route: string): Promise<number> {
    return Object.values(await stack.app.journal.countByStatus({ route })).reduce((a, b) => a + (b ?? 0), 0);
  }
  const relayedControls = (exchangeId: string) => app.calls
    .filter((c) => c.path === '/ws9')
    .map((c) => ({ xml: c.params[0], m: parseControlMessage(c.params[0]) }))
    .filter((c) => c.m.exchangeId === exchangeId);

  it('refuses a key without the sir:proxy scope (403), and a fichero from an office the key is not bound to (0037)', async () => {
    const noScope = await createKey(stack.app, 'L02000023', { scopes: ['registry:write'] });
    const refused = await call('/sir/proxy/WS_SIR6_B', ws6bLiteral(fichero('O00009001_26_00000290', OUR_OFFICE, FAR_OFFICE)), `Bearer ${noScope}`);
    expect(refused).toMatchObject({ status: 403, fault: expect.stringMatching(/Client/) });
    expect(refused.text).toContain('AUTH_FORBIDDEN_SCOPE');
    const otherOffice = await createKey(stack.app, 'L02000023', { offices: ['O00009002'] });
    const before = await onRoute('sir-fichero-to-sir');
    const bound = await call('/sir/proxy/WS_SIR6_B', ws6bLiteral(fichero('O00009001_26_00000291', OUR_OFFICE, FAR_OFFICE)), basic(otherOffice));
    expect(bound).toMatchObject({ status: 200, codigo: '0037' });
    expect(await onRoute('sir-fichero-to-sir')).toBe(before);
  });

  it("applies the key's rate limit to proxy calls: 429 with a Client fault and Retry-After", async () => {
    const slow = await createKey(stack.app, 'L02000023', { rateLimit: { perSecond: 0.1, burst: 1 } });
    const body = ws6bLiteral(fichero('O00009001_26_00000292', OUR_OFFICE, FAR_OFFICE));
    expect((await call('/sir/proxy/WS_SIR6_B', body, `Bearer ${slow}`)).codigo).toBe('00');
    const res = await fetch(`${stack.url}/sir/proxy/WS_SIR6_B`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', authorization: `Bearer ${slow}` }, body });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.text()).toContain('INTAKE_RATE_LIMITED');
  });

  it('takes an ENVÍO from the application, delivers it to SIR, and relays SIR\'s ACK and CONFIRMACIÓN to the application\'s WS_SIR9 unchanged', async () => {
    const exchangeId = 'O00009001_26_00000201';
    const answer = await call('/sir/proxy/WS_SIR6_B', ws6bLiteral(fichero(exchangeId, OUR_OFFICE, FAR_OFFICE)), `Bearer ${stack.key}`);
    expect(answer).toMatchObject({ status: 200, codigo: '00' });
    await waitFor(async () => stack.sim.exchanges().some((x) => x.exchangeId === exchangeId), Boolean);
    const relayed = await waitFor(async () => relayedControls(exchangeId), (r) => r.length === 2);
    expect(relayed.map((r) => r.m.type)).toEqual(['01', '03']);
    expect(relayed[0].m).toMatchObject({ originOffice: FAR_OFFICE, destinationOffice: OUR_OFFICE });
    // The simulator writes its De_Mensaje with buildControlMessage: the application gets those very bytes.
    for (const r of relayed) expect(r.xml).toBe(buildControlMessage(r.m));
    expect(app.calls.find((c) => c.path === '/ws9')?.operation).toBe('envioMensajeDatosControlAAplicacion');
  });

  it('follows the exchange while relaying: an ERROR from SIR, then the application\'s corrected ENVÍO with the same id is sent and confirmed (§8.1 flow 6)', async () => {
    const exchangeId = 'O00009001_26_00000210';
    const bad = fichero(exchangeId, OUR_OFFICE, FAR_OFFICE).replace('Solicitud genérica', 'Solicitud [sim:error]');
    expect((await call('/sir/proxy/WS_SIR6_B', ws6bLiteral(bad), `Bearer ${stack.key}`)).codigo).toBe('00');
    await waitFor(async () => relayedControls(exchangeId), (r) => r.some((c) => c.m.type === '02'));
    expect((await stack.app.journal.getExchange('outgoing', exchangeId))?.state).toBe('error');
    const corrected = fichero(exchangeId, OUR_OFFICE, FAR_OFFICE);
    expect((await call('/sir/proxy/WS_SIR6_B', ws6bLiteral(corrected), `Bearer ${stack.key}`)).codigo).toBe('00');
    const relayed = await waitFor(async () => relayedControls(exchangeId), (r) => r.some((c) => c.m.type === '03'));
    expect(relayed.map((r) => r.m.type)).toEqual(['02', '01', '03']);
    const exchange = await waitFor(() => stack.app.journal.getExchange('outgoing', exchangeId), (x) => x?.state === 'confirmed');
    expect(exchange).toMatchObject({ state: 'confirmed', errorCode: null });
    expect(stack.sim.exchanges().find((x) => x.exchangeId === exchangeId)?.count).toBe(2);
  });

  it('answers the same ENVÍO sent again (rpc/encoded, HTTP Basic) with 00 and queues it only once', async () => {
    const exchangeId = 'O00009001_26_00000202';
    const xml = fichero(exchangeId, OUR_OFFICE, FAR_OFFICE);
    const before = await onRoute('sir-fichero-to-sir');
    expect((await call('/sir/proxy/WS_SIR6_B', ws6bEncoded(xml), basic(stack.key))).codigo).toBe('00');
    expect((await call('/sir/proxy/WS_SIR6_B', ws6bEncoded(xml), basic(stack.key, ''))).codigo).toBe('00');
    expect(await onRoute('sir-fichero-to-sir')).toBe(before + 1);
    await waitFor(async () => stack.sim.exchanges().some((x) => x.exchangeId === exchangeId), Boolean);
  });

  it('relays a fichero SIR brings for a proxied office to the application\'s WS_SIR8_B, keeps it out of the inbox and sends SIR no ACK of its own', async () => {
    const exchangeId = 'O00012345_26_00000203';
    const registro = fichero(exchangeId, 'O00012345', OUR_OFFICE);
    expect((await call('/sir/WS_SIR8_B', ws8b(registro))).codigo).toBe('00');
    const delivered = await waitFor(async () => app.calls.filter((c) => c.path === '/ws8b' && c.params[0] === registro), (c) => c.length === 1);
    expect(delivered[0]).toMatchObject({ operation: 'envioFicherosAAplicacion', params: [registro, ''] });
    const inbox = (await (await fetch(`${stack.url}/v1/inbox`, { headers: { authorization: `Bearer ${stack.key}` } })).json()) as any;
    expect(inbox.items.some((i: any) => i.exchangeId === exchangeId)).toBe(false);
    expect(stack.sim.controlMessages().some((m) => m.exchangeId === exchangeId)).toBe(false);
  });

  it('delivers the application\'s ACK sent through the proxy\'s WS_SIR7 to SIR\'s WS_SIR7', async () => {
    const exchangeId = 'O00012345_26_00000204';
    const answer = await call('/sir/proxy/WS_SIR7', ws7(buildControlMessage(ack(exchangeId, OUR_OFFICE, 'O00012345'))), basic(stack.key, 'any-user'));
    expect(answer).toMatchObject({ status: 200, codigo: '00' });
    const got = await waitFor(async () => stack.sim.controlMessages().filter((m) => m.exchangeId === exchangeId), (m) => m.length === 1);
    expect(got[0]).toMatchObject({ type: '01', origin: OUR_OFFICE, destination: 'O00012345' });
  });

  it('answers a call without a key, or with a wrong one, with HTTP 401 and a SOAP Client fault, and sends nothing', async () => {
    const body = ws7(buildControlMessage(ack('O00012345_26_00000205', OUR_OFFICE, 'O00012345')));
    for (const authorization of [undefined, 'Bearer psk_not-a-key', basic('psk_not-a-key'), 'Basic !!!', 'Digest x']) {
      const answer = await call('/sir/proxy/WS_SIR7', body, authorization);
      expect(answer).toMatchObject({ status: 401, fault: 'soapenv:Client' });
    }
    expect(stack.sim.controlMessages().some((m) => m.exchangeId === 'O00012345_26_00000205')).toBe(false);
  });

  it('refuses a tenant without sirProxy with a 403 Client fault and queues nothing', async () => {
    const before = await onRoute('sir-fichero-to-sir');
    const answer = await call('/sir/proxy/WS_SIR6_B', ws6bLiteral(fichero('O00007002_26_00000206', 'O00007002', FAR_OFFICE)), `Bearer ${unproxiedKey}`);
    expect(answer).toMatchObject({ status: 403, fault: 'soapenv:Client' });
    expect(answer.text).toContain('SIR_PROXY_NOT_ENABLED');
    expect(await onRoute('sir-fichero-to-sir')).toBe(before);
  });

  it('refuses with 0037, queueing nothing, a fichero or a control message sent from an office that is not the key\'s tenant\'s', async () => {
    const ficheros = await onRoute('sir-fichero-to-sir');
    const controls = await onRoute('sir-control-to-sir');
    const f = await call('/sir/proxy/WS_SIR6_B', ws6bLiteral(fichero('O00009001_26_00000207', OUR_OFFICE, FAR_OFFICE)), `Bearer ${stack.otherKey}`);
    expect(f).toMatchObject({ status: 200, codigo: '0037' });
    expect(f.descripcion).toContain('not one of this tenant\'s offices');
    const m = await call('/sir/proxy/WS_SIR7', ws7(buildControlMessage(ack('O00012345_26_00000207', OUR_OFFICE, 'O00012345'))), `Bearer ${stack.otherKey}`);
    expect(m).toMatchObject({ status: 200, codigo: '0037' });
    expect(await onRoute('sir-fichero-to-sir')).toBe(ficheros);
    expect(await onRoute('sir-control-to-sir')).toBe(controls);
  });

  it('refuses with 0037, as the CIR would, a fichero the reception rules refuse or that is no fichero at all, and a broken De_Mensaje', async () => {
    const before = await onRoute('sir-fichero-to-sir');
    const noId = fichero('O00009001_26_00000208', OUR_OFFICE, FAR_OFFICE).replace(/<Identificador_Intercambio>[^<]*<\/Identificador_Intercambio>/, '');
    for (const registro of [noId, '<Fichero_Intercambio_SICRES_3><unclosed>', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', '']) {
      const answer = await call('/sir/proxy/WS_SIR6_B', ws6bLiteral(registro), `Bearer ${stack.key}`);
      expect(answer).toMatchObject({ status: 200, codigo: '0037' });
    }
    expect((await call('/sir/proxy/WS_SIR7', ws7('<De_Mensaje><Tipo_Mensaje>99</Tipo_Mensaje></De_Mensaje>'), `Bearer ${stack.key}`)).codigo).toBe('0037');
    expect(await onRoute('sir-fichero-to-sir')).toBe(before);
  });

  it('answers a SOAP request it cannot read with a Client fault and stays up', async () => {
    for (const body of ['not xml', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>', ws7('x').replace('recepcionMensajeDatosControlDeAplicacion', 'borrarTodo')]) {
      expect(await call('/sir/proxy/WS_SIR7', body, `Bearer ${stack.key}`)).toMatchObject({ status: 500, fault: 'soapenv:Client' });
    }
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('serves both WSDLs with the proxy\'s own address', async () => {
    for (const service of ['WS_SIR6_B', 'WS_SIR7']) {
      const wsdl = await (await fetch(`${stack.url}/sir/proxy/${service}?wsdl`)).text();
      expect(wsdl).toContain(`location="${stack.url}/sir/proxy/${service}"`);
    }
  });

  it('retries a relay while the application is down and delivers it once it is back', async () => {
    app.setDown(true);
    const exchangeId = 'O00012345_26_00000209';
    const registro = fichero(exchangeId, 'O00012345', OUR_OFFICE);
    expect((await call('/sir/WS_SIR8_B', ws8b(registro))).codigo).toBe('00');
    await waitFor(async () => app.resets, (n) => n >= 1);
    app.setDown(false);
    const delivered = await waitFor(async () => app.calls.filter((c) => c.params[0] === registro), (c) => c.length === 1);
    expect(delivered).toHaveLength(1);
  });

  it('parks a relay the application refuses (a code other than 00) with SIR_APP_REFUSED, for an operator', async () => {
    app.setCodigo('0037');
    const exchangeId = 'O00012345_26_00000210';
    const m = buildControlMessage(ack(exchangeId, FAR_OFFICE, OUR_OFFICE));
    const ws9 = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
      + `<envioMensajeDatosControlAAplicacion><value0>${escape(m)}</value0><value1/></envioMensajeDatosControlAAplicacion></soapenv:Body></soapenv:Envelope>`;
    expect((await call('/sir/WS_SIR9', ws9)).codigo).toBe('00');
    const parked = await waitFor(() => stack.app.journal.listParked({ route: 'sir-relay-to-app' }), (p) => p.length >= 1);
    expect(parked[0]).toMatchObject({ code: 'SIR_APP_REFUSED' });
    expect(relayedControls(exchangeId)).toHaveLength(1);
  });
});
