import { NOTIFICA_NS } from '../../../../src/connectors/notifica/remesa';
import { startNotificaSimulator, type NotificaSimulator } from '../../../../simulators/notifica';
import { exampleRemesa } from '../../../../simulators/notifica/examples';
import { altaRemesaElement, callSimulator, soapRequest } from '../../../../simulators/notifica/requests';
import { textOf } from '../../../../simulators/notifica/xml-read';

const KEY = 'clave-de-prueba';
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

const billionLaughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
  + Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')
  + `]><soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body>&lol9;</soapenv:Body></soapenv:Envelope>`;
const deep = `<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</soapenv:Body></soapenv:Envelope>`;
const soap12 = soapRequest(altaRemesaElement(exampleRemesa()), KEY).replace(SOAP, 'http://www.w3.org/2003/05/soap-envelope');
const undeclared = `<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body><not:altaRemesaEnvios/></soapenv:Body></soapenv:Envelope>`;
const badEntity = soapRequest(altaRemesaElement(exampleRemesa({ concepto: 'a' })), KEY).replace('<not:concepto>a<', '<not:concepto>&xxe;<');

describe('Notific@ simulator facing hostile XML (real HTTP)', () => {
  let sim: NotificaSimulator;

  beforeAll(async () => {
    sim = await startNotificaSimulator({ port: 0, apiKeys: [KEY], scenarios: [{ match: {}, scenario: 'stuck' }] });
  });
  afterAll(() => sim.stop());

  async function stillServes(): Promise<void> {
    const ok = await callSimulator(sim.notificaWsUrl, soapRequest(altaRemesaElement(exampleRemesa()), KEY));
    expect(textOf(ok.result, 'codigoRespuesta')).toBe('000');
  }

  it.each([
    ['a billion-laughs DOCTYPE', billionLaughs, 'DOCTYPE and ENTITY declarations are not allowed'],
    ['10,000 nested elements', deep, 'the document nests too deep'],
    ['text that is not XML', 'hola, esto no es XML', 'the document is not well-formed XML'],
    ['unclosed tags', `<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body>`, 'the document is not well-formed XML'],
    ['a SOAP 1.2 envelope', soap12, 'the request is not a SOAP 1.1 envelope'],
    ['an undeclared prefix', undeclared, 'an element uses an undeclared namespace prefix'],
    ['an undefined entity', badEntity, 'undefined entity'],
    ['an empty Body', `<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body/></soapenv:Envelope>`, 'the SOAP Body is empty'],
  ])('answers %s with an HTTP 500 soapenv:Client fault and keeps serving', async (_label, body, reason) => {
    const a = await callSimulator(sim.notificaWsUrl, body);
    expect(a.status).toBe(500);
    expect(textOf(a.result, 'faultcode')).toBe('soapenv:Client');
    expect(textOf(a.result, 'faultstring')).toBe(`Petición no válida: ${reason}`);
    await stillServes();
  });

  it('answers a body over 30 MiB with a soapenv:Client fault (HTTP 413) and keeps serving', async () => {
    const huge = soapRequest(`<not:altaRemesaEnvios xmlns:not="${NOTIFICA_NS.alta}"><not:concepto>${'x'.repeat(31 * 1024 * 1024)}</not:concepto></not:altaRemesaEnvios>`, KEY);
    const a = await callSimulator(sim.notificaWsUrl, huge);
    expect(a.status).toBe(413);
    expect(textOf(a.result, 'faultcode')).toBe('soapenv:Client');
    await stillServes();
  });

  it('refuses a compressed body', async () => {
    const res = await fetch(sim.notificaWsUrl, { method: 'POST', body: 'x', headers: { 'content-encoding': 'gzip', 'content-type': 'text/xml' } });
    expect(res.status).toBe(415);
    await stillServes();
  });
});
