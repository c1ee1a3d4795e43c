import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { annexOf, envelopeOf, incomingFichero, minimalEntry } from '../../fixtures/sir/registry-entries';
import { toWsSir8b } from '../../helpers/sir-soap';
import { OTHER_TENANT, startStack, waitFor, type TestStack } from '../../helpers/stack';

/** The codes the fixtures use (origin office and unit, our office), and a proxied tenant's office. */
const KNOWN = ['O00012345', 'L01230001', 'O00009001', ...OTHER_TENANT.offices];
/** A well-formed office the configured directory does not know. */
const UNKNOWN_OFFICE = 'O00054321';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** WS_SIR6_B of the CIR proxy, as a tenant's registry application calls it. */
const ws6b = (registro: string) => '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.manager.cct.map.es"><soapenv:Body>'
  + `<impl:recepcionFicheroDeAplicacion><registro>${escape(registro)}</registro></impl:recepcionFicheroDeAplicacion></soapenv:Body></soapenv:Envelope>`;

/** A fichero a proxied tenant's application sends from its office to `destination`. */
function outgoing(exchangeId: string, destination: string): string {
  const entry = minimalEntry(exchangeId);
  entry.origin.office = OTHER_TENANT.offices[0];
  entry.destination = { office: destination };
  entry.annexes = [annexOf('solicitud.pdf', '%PDF-1.4 demo')];
  return registryEntryToSicres3.apply(envelopeOf(entry)).xml;
}

describe('a configured DIR3 directory (dir3.file): WS_SIR8_B and the CIR proxy judge with it (real RabbitMQ, journal, the simulator as the CIR)', () => {
  let stack: TestStack;
  let tmp: string;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-dir3-stack-'));
    const file = path.join(tmp, 'dir3.txt');
    writeFileSync(file, `# the codes this test knows\n${KNOWN.join('\n')}\n`);
    stack = await startStack({
      configure: (c) => {
        c.dir3 = { file };
        // A proxied tenant whose application is never reached: its calls here are judged first.
        const other = c.tenants.find((t) => t.code === OTHER_TENANT.code)!;
        other.sirProxy = { ws8bUrl: 'http://127.0.0.1:9/ws8b', ws9Url: 'http://127.0.0.1:9/ws9', timeoutMs: 1000 };
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const controls = (exchangeId: string, type: string) => stack.sim.controlMessages().filter((m) => m.exchangeId === exchangeId && m.type === type);
  const proxyCall = async (registro: string) => {
    const res = await fetch(`${stack.url}/sir/proxy/WS_SIR6_B`, {
      method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', authorization: `Bearer ${stack.otherKey}` }, body: ws6b(registro),
    });
    const text = await res.text();
    return { status: res.status, codigo: /<codigo[^>]*>([^<]*)</.exec(text)?.[1], descripcion: /<descripcion[^>]*>([^<]*)</.exec(text)?.[1] };
  };

  it('accepts a fichero whose codes the directory knows, answering 00 and sending an ACK', async () => {
    const exchangeId = 'O00012345_26_00000801';
    expect(await toWsSir8b(stack, incomingFichero(exchangeId))).toMatchObject({ status: 200, codigo: '00' });
    await waitFor(async () => controls(exchangeId, '01').length, (n) => n === 1);
  });

  it('answers 0037 and sends an ERROR for an origin office the directory does not know, storing nothing', async () => {
    const exchangeId = `${UNKNOWN_OFFICE}_26_00000802`;
    const fichero = incomingFichero('O00012345_26_00000802').replace(/O00012345/g, UNKNOWN_OFFICE);
    const answer = await toWsSir8b(stack, fichero);
    expect(answer).toMatchObject({ status: 200, codigo: '0037' });
    expect(answer.descripcion).toBe('ERROR EN LA VALIDACION FORMATO XML: '
      + `Codigo_Entidad_Registral_Origen '${UNKNOWN_OFFICE}' does not exist in DIR3; Codigo_Entidad_Registral_Inicio '${UNKNOWN_OFFICE}' does not exist in DIR3`);
    await waitFor(async () => controls(exchangeId, '02').length, (n) => n === 1);
    expect(controls(exchangeId, '02')[0]).toMatchObject({ code: '0037', destination: UNKNOWN_OFFICE });
    expect(controls(exchangeId, '01')).toHaveLength(0);
    const inbox = (await (await fetch(`${stack.url}/v1/inbox`, { headers: { authorization: `Bearer ${stack.key}` } })).json()) as { items: { exchangeId: string }[] };
    expect(inbox.items.some((i) => i.exchangeId === exchangeId)).toBe(false);
  });

  it('refuses, in the CIR proxy, a fichero for a destination the directory does not know', async () => {
    const answer = await proxyCall(outgoing(`${OTHER_TENANT.offices[0]}_26_00000803`, UNKNOWN_OFFICE));
    expect(answer).toMatchObject({ status: 200, codigo: '0037' });
    expect(answer.descripcion).toBe(`ERROR EN LA VALIDACION FORMATO XML: Codigo_Entidad_Registral_Destino '${UNKNOWN_OFFICE}' does not exist in DIR3`);
  });

  it('queues, in the CIR proxy, a fichero for a destination the directory knows', async () => {
    expect(await proxyCall(outgoing(`${OTHER_TENANT.offices[0]}_26_00000804`, 'O00012345'))).toMatchObject({ status: 200, codigo: '00' });
  });
});

describe('a configured DIR3 directory that cannot be read', () => {
  it('stops start-up with CONFIG_INVALID naming dir3.file', async () => {
    const missing = path.join(os.tmpdir(), 'pasarela-no-such-dir3-list.txt');
    await expect(startStack({ configure: (c) => { c.dir3 = { file: missing }; } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID', message: `Invalid configuration:\n  config/dir3/file: DIR3 code list ${missing}: cannot be read (ENOENT)`,
    });
  });
});
