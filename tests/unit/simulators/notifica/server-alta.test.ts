import { createHash } from 'node:crypto';
import { NOTIFICA_NS } from '../../../../src/connectors/notifica/remesa';
import { startNotificaSimulator, type NotificaSimulator } from '../../../../simulators/notifica';
import { exampleRemesa, EXAMPLE_ORGANISMO } from '../../../../simulators/notifica/examples';
import { altaRemesaElement, callSimulator, documentHash, soapRequest, type SentRemesa, type SoapAnswer } from '../../../../simulators/notifica/requests';
import { childrenNamed, textOf } from '../../../../simulators/notifica/xml-read';

const KEY = 'clave-de-prueba';

describe('Notific@ simulator altaRemesaEnvios (real HTTP)', () => {
  let sim: NotificaSimulator;
  const alta = (remesa: SentRemesa, key: string | null = KEY): Promise<SoapAnswer> => callSimulator(sim.notificaWsUrl, soapRequest(altaRemesaElement(remesa), key ?? undefined));
  const codigo = (a: SoapAnswer) => textOf(a.result, 'codigoRespuesta');
  const descripcion = (a: SoapAnswer) => textOf(a.result, 'descripcionRespuesta');

  beforeAll(async () => {
    // `stuck` keeps every envío in its creation state: these tests look at the answers only.
    sim = await startNotificaSimulator({ port: 0, apiKeys: ['otra-clave', KEY], scenarios: [{ match: {}, scenario: 'stuck' }] });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('accepts a valid remesa and answers 000 with one identificador per envío, in request order', async () => {
    const a = await alta(exampleRemesa({ envios: 3, referencia: 'EXP1' }));
    expect(a.status).toBe(200);
    expect(a.result).toMatchObject({ name: 'resultadoAltaRemesaEnvios', ns: NOTIFICA_NS.alta });
    expect(a.result?.children.map((c) => [c.name, c.ns])).toEqual(
      ['codigoRespuesta', 'descripcionRespuesta', 'codigoOrganismoEmisor', 'fechaCreacion', 'resultadoEnvios'].map((n) => [n, NOTIFICA_NS.alta]),
    );
    expect([codigo(a), descripcion(a), textOf(a.result, 'codigoOrganismoEmisor')]).toEqual(['000', 'OK', EXAMPLE_ORGANISMO]);
    expect(textOf(a.result, 'fechaCreacion')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const items = childrenNamed(a.result?.children.find((c) => c.name === 'resultadoEnvios'), 'item');
    expect(items.map((i) => textOf(i, 'nifTitular'))).toEqual(['00000001R', '00000002W', '00000003A']);
    const ids = items.map((i) => textOf(i, 'identificador') ?? '');
    ids.forEach((id) => expect(id).toMatch(/^[0-9a-f]{20}$/));
    expect(new Set(ids).size).toBe(3);
    expect(ids.map((id) => sim.envio(id)?.referenciaEmisor)).toEqual(['EXP1-1', 'EXP1-2', 'EXP1-3']);
    expect(sim.envio(ids[0])).toMatchObject({ estado: 'pendiente_envio', tipoEnvio: 2, organismoEmisor: EXAMPLE_ORGANISMO, final: false, cancelled: false });
    expect(sim.stats()).toMatchObject({ received: 3, unique: 3, duplicates: 0, rejected: 0, authFailures: 0, byOperation: { altaRemesaEnvios: 1 } });
  });

  it('accepts any prefix and a lenient SOAPAction', async () => {
    const body = soapRequest(altaRemesaElement(exampleRemesa()), KEY).replace(/not:/g, 'x:').replace('xmlns:not=', 'xmlns:x=');
    expect(codigo(await callSimulator(sim.notificaWsUrl, body, 'whatever'))).toBe('000');
  });

  it.each([
    ['without an apiKey header', null],
    ['with a wrong apiKey', 'clave-falsa'],
  ])('refuses a remesa %s with HTTP 401 and a soapenv:Client fault, and creates nothing', async (_label, key) => {
    const a = await alta(exampleRemesa({ envios: 2 }), key);
    expect(a.status).toBe(401);
    expect(a.result?.name).toBe('Fault');
    expect(textOf(a.result, 'faultcode')).toBe('soapenv:Client');
    expect(textOf(a.result, 'faultstring')).toBe('apiKey no válida');
    expect(sim.envios()).toEqual([]);
    expect(sim.stats()).toMatchObject({ received: 0, authFailures: 1, byOperation: { altaRemesaEnvios: 0 } });
  });

  it('refuses an apiKey header in another namespace', async () => {
    const body = soapRequest(altaRemesaElement(exampleRemesa()), KEY).replace(`xmlns:v2="${NOTIFICA_NS.v2}"`, 'xmlns:v2="urn:otro"');
    expect((await callSimulator(sim.notificaWsUrl, body)).status).toBe(401);
  });

  const tooMany = (): SentRemesa => exampleRemesa({ envios: 101 });
  const withHash = (hash: string): SentRemesa => ({ ...exampleRemesa(), documento: { ...exampleRemesa().documento, hash } });
  const withNif = (nif: string): SentRemesa => {
    const r = exampleRemesa();
    r.envios[0].titular.nif = nif;
    return r;
  };
  it.each<[string, SentRemesa, string]>([
    ['a document whose hash does not match its content', withHash(createHash('sha256').update('otro').digest('base64')), 'documento/hash: no coincide con el SHA-256 del contenido'],
    ['a concepto longer than 255 characters', exampleRemesa({ concepto: 'x'.repeat(256) }), 'concepto: supera 255 caracteres'],
    ['101 envíos', tooMany(), 'envios/envio: no puede haber más de 100'],
    ['a titular NIF longer than 9 characters', withNif('1234567890'), 'envios/envio[1]/titular/nif: supera 9 caracteres'],
    ['an organismo that is not 9 characters', { ...exampleRemesa(), organismoEmisor: 'L0123' }, 'codigoOrganismoEmisor: debe tener 9 caracteres'],
    ['a tipoEnvio other than 1 or 2', { ...exampleRemesa(), tipoEnvio: 3 as 2 }, 'tipoEnvio: debe ser 1 o 2'],
    ['a caducidad that is not a date', exampleRemesa({ caducidad: '31/12/2025' }), 'opcionesRemesa/opcion[@tipo=caducidad]: no es una fecha YYYY-MM-DD'],
    ['a referenciaEmisor longer than 20 characters', exampleRemesa({ referencia: 'R'.repeat(20) }), 'envios/envio[1]/referenciaEmisor: supera 20 caracteres'],
  ])('refuses a remesa with %s: codigoRespuesta 400 naming the problem, nothing created, counted', async (_label, remesa, problem) => {
    const a = await alta(remesa);
    expect(a.status).toBe(200);
    expect([codigo(a), descripcion(a)]).toEqual(['400', problem]);
    expect(a.result?.children.map((c) => c.name)).toEqual(['codigoRespuesta', 'descripcionRespuesta']);
    expect(sim.envios()).toEqual([]);
    expect(sim.stats()).toMatchObject({ received: 0, rejected: 1, byOperation: { altaRemesaEnvios: 1 } });
  });

  it('refuses a remesa without documento hash, and one without envíos', async () => {
    const noHash = soapRequest(altaRemesaElement(exampleRemesa()), KEY).replace(/<not:hash>[^<]*<\/not:hash>/, '');
    expect(descripcion(await callSimulator(sim.notificaWsUrl, noHash))).toBe('documento/hash: falta el elemento obligatorio');
    expect(descripcion(await alta({ ...exampleRemesa(), envios: [] }))).toBe('envios/envio: debe haber al menos 1');
    expect(sim.stats().rejected).toBe(2);
  });

  it('checks postal delivery fields, reading xs:length as a maximum', async () => {
    const postal = (over: Record<string, unknown>): SentRemesa => {
      const r = exampleRemesa();
      r.envios[0].entregaPostal = { tipoDomicilio: 1, nombreVia: 'Mayor', codigoPostal: '23001', municipio: '230505', provincia: '23', ...over } as never;
      return r;
    };
    expect(codigo(await alta(postal({})))).toBe('000');
    expect(descripcion(await alta(postal({ municipio: '23050' })))).toBe('envios/envio[1]/entregaPostal/municipio: no cumple el formato [0-9]{6}');
    expect(descripcion(await alta(postal({ provincia: 'J' })))).toBe('envios/envio[1]/entregaPostal/provincia: no cumple el formato [0-9]{2}');
    expect(descripcion(await alta(postal({ tipoDomicilio: 5 })))).toBe('envios/envio[1]/entregaPostal/tipoDomicilio: debe ser 1 o 2 o 3 o 4');
    expect(descripcion(await alta(postal({ codigoPostal: '12345678901' })))).toBe('envios/envio[1]/entregaPostal/codigoPostal: supera 10 caracteres');
  });

  it('refuses an element the contract does not have, and one given twice', async () => {
    const base = soapRequest(altaRemesaElement(exampleRemesa()), KEY);
    expect(descripcion(await callSimulator(sim.notificaWsUrl, base.replace('<not:concepto>', '<not:prioridad>1</not:prioridad><not:concepto>'))))
      .toBe('prioridad: elemento no permitido');
    expect(descripcion(await callSimulator(sim.notificaWsUrl, base.replace('<not:concepto>', '<not:tipoEnvio>1</not:tipoEnvio><not:concepto>'))))
      .toBe('tipoEnvio: aparece más de una vez');
  });

  it('counts duplicates by referenciaEmisor, and still creates a new envío for each', async () => {
    await alta(exampleRemesa({ envios: 2, referencia: 'DUP' }));
    await alta(exampleRemesa({ envios: 1, referencia: 'DUP' }));
    expect(sim.stats()).toMatchObject({ received: 3, unique: 2, duplicates: 1 });
    expect(sim.envios('DUP-1')).toHaveLength(2);
    const listed = (await (await fetch(`${sim.url}/_sim/envios?referencia=DUP-1`)).json()) as { identificador: string }[];
    expect(listed.map((e) => e.identificador)).toEqual(sim.envios('DUP-1').map((e) => e.identificador));
  });

  it('keys an envío without referenciaEmisor by organismo, titular NIF and document hash', async () => {
    await alta(exampleRemesa({ envios: 2 }));
    await alta(exampleRemesa({ envios: 1 }));
    const other = Buffer.from('otro documento');
    await alta({ ...exampleRemesa(), documento: { contenido: other.toString('base64'), hash: documentHash(other), generarCsv: false } });
    expect(sim.stats()).toMatchObject({ received: 4, unique: 3, duplicates: 1 });
  });

  it('refuses a Body element in the wrong namespace or an unknown operation with a soapenv:Client fault', async () => {
    const wrongNs = soapRequest(altaRemesaElement(exampleRemesa()), KEY).replace(`xmlns:not="${NOTIFICA_NS.alta}"`, `xmlns:not="${NOTIFICA_NS.infoLigero}"`);
    const a = await callSimulator(sim.notificaWsUrl, wrongNs);
    expect([a.status, textOf(a.result, 'faultcode')]).toEqual([500, 'soapenv:Client']);
    const unknown = await callSimulator(sim.notificaWsUrl, soapRequest(`<x:getCies xmlns:x="${NOTIFICA_NS.v2}getCies"/>`, KEY));
    expect([unknown.status, textOf(unknown.result, 'faultcode')]).toEqual([500, 'soapenv:Client']);
    expect(sim.envios()).toEqual([]);
  });

  it('answers GET ?wsdl on both endpoints with a small WSDL naming the real address', async () => {
    for (const url of [sim.notificaWsUrl, sim.sincronizarEnvioWsUrl]) {
      const res = await fetch(`${url}?wsdl`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`location="${url}"`);
    }
    expect((await fetch(sim.notificaWsUrl)).status).toBe(405);
    expect((await fetch(`${sim.url}/ws/otro`)).status).toBe(404);
  });
});
