import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../../../src/core/paths';
import { startSirSimulator, type SirSimulator } from '../../../../simulators/sir';
import { escapeXml } from '../../../../transforms/sicres3/xml';
import { registryEntryToSicres3 } from '../../../../transforms/registry-entry-to-sicres3';
import { annexOf, envelopeOf, minimalEntry, richEntry } from '../../../fixtures/sir/registry-entries';

/** The simulator judges ficheros with pasarela's own reception rules (src/sir/reception). */

const SAMPLES = projectPath('..', 'shared', 'specs', 'sir', 'samples', 'alsigm', 'SIR-RC-PR');
const PREFIX = 'ERROR EN LA VALIDACION FORMATO XML: ';

function sample(id: string): string {
  if (!existsSync(SAMPLES)) throw new Error(`The Ministry samples are missing: expected them in ${SAMPLES} (clone shared/ next to the project)`);
  return readFileSync(path.join(SAMPLES, `${id}-1.xml`), 'utf8');
}

const ours = (entry = minimalEntry()) => registryEntryToSicres3.apply(envelopeOf(entry)).xml;

function envelope(registro: string): string {
  return '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://impl.manager.cct.map.es"><soap:Body>'
    + `<tns:recepcionFicheroDeAplicacion><registro>${escapeXml(registro)}</registro></tns:recepcionFicheroDeAplicacion></soap:Body></soap:Envelope>`;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

describe('SIR simulator reception rules', () => {
  let sim: SirSimulator;

  async function answer(registro: string): Promise<{ codigo?: string; descripcion: string }> {
    const res = await fetch(sim.url, { method: 'POST', body: envelope(registro), headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' } });
    const text = await res.text();
    return { codigo: /<codigo>([^<]*)<\/codigo>/.exec(text)?.[1], descripcion: unescape(/<descripcion>([^<]*)<\/descripcion>/.exec(text)?.[1] ?? '') };
  }

  beforeAll(async () => {
    sim = await startSirSimulator({ port: 0 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('accepts the ficheros our transform writes and records their exchange id and registry number', async () => {
    expect(await answer(ours())).toEqual({ codigo: '00', descripcion: 'Exito' });
    expect(await answer(ours(richEntry()))).toEqual({ codigo: '00', descripcion: 'Exito' });
    expect(sim.exchanges()).toEqual([
      { exchangeId: 'O00012345_24_00000001', registryNumber: 'E-2024-1', count: 1 },
      { exchangeId: 'O00012345_24_00000002', registryNumber: 'REGAGE-E-2024-000123', count: 1 },
    ]);
  });

  it('accepts the Ministry minimal sample SIR-RC-PR-001 (BOM, empty De_Interesado)', async () => {
    expect((await answer(sample('SIR-RC-PR-001'))).codigo).toBe('00');
    expect(sim.exchanges()).toEqual([{ exchangeId: 'O00001223_11_00010001', registryNumber: '110110001', count: 1 }]);
  });

  it('answers 0037 with every reason the shared rules give, and records nothing', async () => {
    const bad = ours().replace('<Tipo_Registro>0<', '<Tipo_Registro>2<').replace('Solicitud genérica', 'x'.repeat(241));
    const r = await answer(bad);
    expect(r.codigo).toBe('0037');
    expect(r.descripcion.startsWith(PREFIX)).toBe(true);
    expect(r.descripcion).toContain('Tipo_Registro is not one of 0, 1');
    expect(r.descripcion).toContain('Resumen is longer than 240 characters');
    expect(r.descripcion).toContain('; ');
    expect(sim.stats().received).toBe(0);
  });

  it('answers 0037 to ficheros the rules drop: a control message sent as one, or one without an exchange id', async () => {
    for (const registro of ['<De_Mensaje/>', ours().replace(/<Identificador_Intercambio>[^<]*<\/Identificador_Intercambio>/, '')]) {
      const r = await answer(registro);
      expect(r.codigo).toBe('0037');
      expect(r.descripcion.length).toBeGreaterThan(PREFIX.length);
    }
    expect(sim.exchanges()).toEqual([]);
  });

  it('bounds the descripcion when a fichero breaks many rules', async () => {
    const extras = Array.from({ length: 300 }, (_, i) => `<Unknown_Element_${i}/>`).join('');
    const r = await answer(ours().replace('<Resumen>', `${extras}<Resumen>`));
    expect(r.codigo).toBe('0037');
    expect(r.descripcion.length).toBeLessThanOrEqual(1024);
    expect(r.descripcion.endsWith('...')).toBe(true);
  });

  it('accepts a fichero carrying a 10 MiB annex', async () => {
    const entry = minimalEntry();
    entry.annexes = [annexOf('big.pdf', 'x'.repeat(10 * 1024 * 1024))];
    expect((await answer(ours(entry))).codigo).toBe('00');
  });

  it('reads values inside CDATA', async () => {
    expect((await answer(ours().replace('<Resumen>Solicitud genérica</Resumen>', '<Resumen><![CDATA[a <b> & c]]></Resumen>'))).codigo).toBe('00');
  });
});
