import http from 'node:http';
import * as soap from 'soap';
import { projectPath } from '../../../../src/core/paths';
import { startSimulators } from '../../../../simulators/main';
import { startSirSimulator, type SirSimulator } from '../../../../simulators/sir';
import { escapeXml } from '../../../../transforms/sicres3/xml';
import { registryEntryToSicres3 } from '../../../../transforms/registry-entry-to-sicres3';
import { envelopeOf, minimalEntry } from '../../../fixtures/sir/registry-entries';

const noFaultCounts = { errors: 0, fatals: 0, timeouts: 0, resets: 0 };
const fichero = (id = 'O00012345_24_00000001') => registryEntryToSicres3.apply(envelopeOf(minimalEntry(id))).xml;

function soapEnvelope(body: string): string {
  return '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"'
    + ` xmlns:tns="http://impl.manager.cct.map.es"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

const call = (registroElement: string) => soapEnvelope(`<tns:recepcionFicheroDeAplicacion>${registroElement}</tns:recepcionFicheroDeAplicacion>`);
const withRegistro = (registro: string) => call(`<registro>${escapeXml(registro)}</registro>`);

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', ...headers } });
  const text = await res.text();
  return { status: res.status, text, codigo: /<codigo>([^<]*)<\/codigo>/.exec(text)?.[1], fault: text.includes(':Fault>') };
}

describe('SIR simulator server', () => {
  let sim: SirSimulator;
  let base: string;

  beforeAll(async () => {
    sim = await startSirSimulator({ port: 0 });
    base = new URL(sim.url).origin;
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('serves our WSDL at ?wsdl with its real address', async () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/CIR_P2P/services/WS_SIR6_B`);
    const res = await fetch(`${sim.url}?wsdl`);
    expect(res.status).toBe(200);
    const wsdl = await res.text();
    expect(wsdl).toContain('name="recepcionFicheroDeAplicacion"');
    expect(wsdl).toContain(`location="${sim.url}"`);
  });

  it('answers 00 to a valid fichero sent by a node-soap client and remembers it', async () => {
    const client = await soap.createClientAsync(projectPath('schemas', 'wsdl', 'WS_SIR6_B.wsdl'), { endpoint: sim.url });
    const [result] = await client.recepcionFicheroDeAplicacionAsync({ registro: fichero() });
    expect(result.recepcionFicheroDeAplicacionReturn).toEqual({ codigo: '00', descripcion: 'Exito' });
    expect(sim.received()).toEqual(['O00012345_24_00000001']);
    expect(sim.stats()).toEqual({ received: 1, unique: 1, duplicates: 0, faults: noFaultCounts });
    expect(sim.exchanges()).toEqual([{ exchangeId: 'O00012345_24_00000001', registryNumber: 'E-2024-1', count: 1 }]);
  });

  it('answers 0037 with the reason to an incomplete fichero and does not count it', async () => {
    const r = await post(sim.url, withRegistro(fichero().replace(/<De_Asunto>[\s\S]*<\/De_Asunto>/, '')));
    expect(r.codigo).toBe('0037');
    expect(r.text).toContain('<descripcion>ERROR EN LA VALIDACION FORMATO XML: the fichero lacks De_Asunto</descripcion>');
    expect(sim.stats().received).toBe(0);
  });

  it('counts duplicates by exchange id and reports them at /_sim/stats until /_sim/reset', async () => {
    await post(sim.url, withRegistro(fichero('O00012345_24_00000001')));
    await post(sim.url, withRegistro(fichero('O00012345_24_00000002')));
    await post(sim.url, withRegistro(fichero('O00012345_24_00000001')));
    const stats = await fetch(`${base}/_sim/stats`);
    expect(stats.status).toBe(200);
    expect(await stats.json()).toEqual({ received: 3, unique: 2, duplicates: 1, faults: noFaultCounts });
    const exchanges = await fetch(`${base}/_sim/exchanges`);
    expect(await exchanges.json()).toEqual([
      { exchangeId: 'O00012345_24_00000001', registryNumber: 'E-2024-1', count: 2 },
      { exchangeId: 'O00012345_24_00000002', registryNumber: 'E-2024-1', count: 1 },
    ]);
    const reset = await fetch(`${base}/_sim/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual({ received: 0, unique: 0, duplicates: 0, faults: noFaultCounts });
    expect(sim.exchanges()).toEqual([]);
    expect(sim.received()).toEqual([]);
  });

  it('answers 404 to unknown paths and 405 to the wrong method on /_sim', async () => {
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${base}/_sim/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/_sim/stats/`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${base}/_sim/reset`)).status).toBe(405);
    expect((await fetch(`${base}/_sim/exchanges`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/_sim/faults`, { method: 'PUT' })).status).toBe(405);
  });

  it('accepts the fichero whatever the rpc part is called, as the CIR binds by position', async () => {
    const r = await post(sim.url, call(`<value0>${escapeXml(fichero())}</value0>`), { soapaction: '' });
    expect(r.codigo).toBe('00');
  });

  it('accepts an xsi:type-annotated registro in an unqualified operation element (Axis rpc/encoded style)', async () => {
    const op = '<recepcionFicheroDeAplicacion><registro xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
      + ` xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:string">${escapeXml(fichero())}</registro></recepcionFicheroDeAplicacion>`;
    expect((await post(sim.url, soapEnvelope(op))).codigo).toBe('00');
  });

  describe('hostile input', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
      + '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Fichero_Intercambio_SICRES_3>&c;</Fichero_Intercambio_SICRES_3>';
    const cases: [string, string][] = [
      ['a registro with a billion-laughs DOCTYPE', withRegistro(laughs)],
      ['a malformed registro', withRegistro('<Fichero_Intercambio_SICRES_3><De_Destino></Fichero_Intercambio_SICRES_3>')],
      ['an empty registro', call('<registro/>')],
      ['an empty registro with both tags', call('<registro></registro>')],
      ['no registro at all', call('')],
      ['a deeply nested registro', withRegistro('<a>'.repeat(50_000) + '</a>'.repeat(50_000))],
      ['a registro with a prototype-polluting name', withRegistro('<__proto__><x>1</x></__proto__>')],
      ['an envelope with a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "e">]>${withRegistro(fichero())}`],
      ['a malformed envelope', '<soap:Envelope><soap:Body><unclosed>'],
      ['a deeply nested envelope', soapEnvelope('<a>'.repeat(50_000) + '</a>'.repeat(50_000))],
      ['plain text', 'hello'],
    ];

    it.each(cases)('answers %s with 0037 or a SOAP fault, and keeps serving', async (_label, body) => {
      const r = await post(sim.url, body);
      expect(r.codigo === '0037' || (r.status >= 400 && r.status < 600)).toBe(true);
      expect(r.codigo).not.toBe('00');
      expect(sim.stats().received).toBe(0);
      const ok = await post(sim.url, withRegistro(fichero()));
      expect(ok.codigo).toBe('00');
    });

    it('answers 0037 to a registro with a DOCTYPE, naming the reason', async () => {
      const r = await post(sim.url, withRegistro(laughs));
      expect(r.text).toContain('DOCTYPE and ENTITY declarations are not allowed');
    });

    it('answers an empty body and a DOCTYPE envelope with a soap:Client fault', async () => {
      for (const body of ['', `<!DOCTYPE x><x/>`]) {
        const r = await post(sim.url, body);
        expect(r.status).toBe(500);
        expect(r.text).toContain('<faultcode>soap:Client</faultcode>');
      }
    });

    it('refuses compressed bodies and bodies announced larger than the limit', async () => {
      expect((await post(sim.url, withRegistro(fichero()), { 'content-encoding': 'gzip' })).status).toBe(415);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(sim.url, { method: 'POST', headers: { 'content-length': String(64 * 1024 * 1024) } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write('<soap:Envelope>');
      });
      expect(status).toBe(413);
      expect((await post(sim.url, withRegistro(fichero()))).codigo).toBe('00');
    });
  });

  it('starts in-process through startSimulators, as the demo does', async () => {
    const sims = await startSimulators({ sirPort: 0 });
    try {
      expect((await fetch(`${sims.sir.url}?wsdl`)).status).toBe(200);
    } finally {
      await sims.stop();
    }
  });

  it('stops idempotently', async () => {
    const other = await startSirSimulator({ port: 0 });
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    await expect(fetch(`${other.url}?wsdl`)).rejects.toThrow();
  });
});
