import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkFichero, checkSequence } from '../../../../simulators/sir/fichero-check';
import { MAX_REGISTRO_BYTES, XmlRejected, parseXmlTree } from '../../../../simulators/sir/xml-tree';
import { registryEntryToSicres3 } from '../../../../transforms/registry-entry-to-sicres3';
import { annexOf, envelopeOf, minimalEntry, richEntry } from '../../../fixtures/sir/registry-entries';

const SAMPLES = path.resolve(__dirname, '../../../../..', 'shared', 'specs', 'sir', 'samples', 'alsigm', 'SIR-RC-PR');

function sample(id: string): string {
  return readFileSync(path.join(SAMPLES, `${id}-1.xml`), 'utf8');
}

/** Rows of the sample index: case id, expected outcome, XSD verdict. */
function indexRows(): { id: string; expected: string; xsd: string }[] {
  return readFileSync(path.join(SAMPLES, 'INDEX.md'), 'utf8').split('\n')
    .filter((l) => l.startsWith('| SIR-RC-PR-'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => ({ id: c[1], expected: c[2], xsd: c[3] }));
}

function reasonOf(registro: unknown): string {
  const r = checkFichero(registro);
  if (r.ok) throw new Error('the fichero was accepted');
  return r.reason;
}

const ours = (xml = registryEntryToSicres3.apply(envelopeOf(minimalEntry())).xml) => xml;

describe('SIR simulator fichero check', () => {
  it('accepts the ficheros our transform writes and returns their exchange id and registry number', () => {
    expect(checkFichero(ours())).toEqual({ ok: true, exchangeId: 'O00012345_24_00000001', registryNumber: 'E-2024-1' });
    expect(checkFichero(registryEntryToSicres3.apply(envelopeOf(richEntry())).xml)).toEqual({
      ok: true, exchangeId: 'O00012345_24_00000002', registryNumber: 'REGAGE-E-2024-000123',
    });
  });

  it('accepts the Ministry minimal sample SIR-RC-PR-001 (BOM, empty De_Interesado)', () => {
    expect(checkFichero(sample('SIR-RC-PR-001'))).toEqual({ ok: true, exchangeId: 'O00001223_11_00010001', registryNumber: '110110001' });
  });

  it('rejects every Ministry sample the official XSD rejects', () => {
    const invalid = indexRows().filter((r) => r.xsd === 'invalid');
    expect(invalid.length).toBeGreaterThan(0);
    for (const row of invalid) expect([row.id, checkFichero(sample(row.id)).ok]).toEqual([row.id, false]);
  });

  it('accepts every Ministry sample the plan expects to be accepted', () => {
    const accepted = indexRows().filter((r) => r.expected.startsWith('accept'));
    expect(accepted.length).toBeGreaterThan(0);
    for (const row of accepted) expect([row.id, checkFichero(sample(row.id))]).toEqual([row.id, expect.objectContaining({ ok: true })]);
  });

  it('rejects a fichero without De_Asunto, naming the missing segment', () => {
    const xml = ours().replace(/<De_Asunto>[\s\S]*<\/De_Asunto>/, '');
    expect(reasonOf(xml)).toBe('Fichero_Intercambio_SICRES_3 lacks De_Asunto');
  });

  it('rejects missing mandatory elements, out-of-order segments and unknown elements', () => {
    expect(reasonOf(ours().replace(/<Identificador_Intercambio>[^<]*<\/Identificador_Intercambio>/, '')))
      .toBe('De_Internos_Control lacks Identificador_Intercambio');
    expect(reasonOf(ours().replace('<Resumen>Solicitud genérica</Resumen>', '<Resumen/>'))).toBe('De_Asunto/Resumen is empty');
    const xml = ours();
    const origin = xml.match(/  <De_Origen_o_Remitente>[\s\S]*?<\/De_Origen_o_Remitente>\n/)![0];
    const destination = xml.match(/  <De_Destino>[\s\S]*?<\/De_Destino>\n/)![0];
    const swapped = xml.replace(origin, '').replace(destination, destination + origin);
    expect(reasonOf(swapped)).toBe('Fichero_Intercambio_SICRES_3 lacks De_Origen_o_Remitente');
    expect(reasonOf(ours().replace('<De_Asunto>', '<Extra/><De_Asunto>'))).toBe('Fichero_Intercambio_SICRES_3 has the unknown element Extra');
  });

  it('rejects enum values outside the SICRES lists', () => {
    expect(reasonOf(ours().replace('<Tipo_Registro>0<', '<Tipo_Registro>2<'))).toContain('De_Internos_Control/Tipo_Registro');
    expect(reasonOf(ours().replace('<Documentacion_Fisica>3<', '<Documentacion_Fisica>4<'))).toContain('Documentacion_Fisica');
    expect(reasonOf(ours().replace('<Indicador_Prueba>1<', '<Indicador_Prueba>x<'))).toContain('Indicador_Prueba');
    expect(reasonOf(ours().replace('<Tipo_Anotacion>02<', '<Tipo_Anotacion>05<'))).toContain('Tipo_Anotacion');
  });

  it('rejects over-long values, bad base64 and bad dates', () => {
    expect(reasonOf(ours().replace('Solicitud genérica', 'x'.repeat(241)))).toBe('De_Asunto/Resumen is longer than 240 characters');
    expect(reasonOf(ours().replace(/<Fecha_Hora_Entrada>\d+/, '<Fecha_Hora_Entrada>2024-03-05'))).toContain('yyyyMMddHHmmss');
    const withAnnex = registryEntryToSicres3.apply(envelopeOf(richEntry())).xml.replace(/<Hash>[^<]+</, '<Hash>@@@@<');
    expect(reasonOf(withAnnex)).toBe('De_Anexo/Hash is not base64');
  });

  it('rejects markup or entities hidden inside base64 elements', () => {
    const rich = registryEntryToSicres3.apply(envelopeOf(richEntry())).xml;
    expect(reasonOf(rich.replace(/<Anexo>[^<]+</, '<Anexo><x>AAAA</x><'))).toBe('De_Anexo/Anexo is not base64');
    expect(reasonOf(rich.replace(/<Anexo>[^<]+</, '<Anexo>&amp;AAA<'))).toBe('De_Anexo/Anexo is not base64');
  });

  it('accepts a fichero carrying a 10 MiB annex', () => {
    const entry = minimalEntry();
    entry.annexes = [annexOf('big.pdf', 'x'.repeat(10 * 1024 * 1024))];
    expect(checkFichero(registryEntryToSicres3.apply(envelopeOf(entry)).xml).ok).toBe(true);
  });

  it('reads values inside CDATA and decodes character references once', () => {
    const cdata = ours().replace('<Resumen>Solicitud genérica</Resumen>', '<Resumen><![CDATA[a <b> & c]]></Resumen>');
    expect(checkFichero(cdata).ok).toBe(true);
    const tree = parseXmlTree('<r><a>S&#227;o &amp;lt; &#x41;</a></r>');
    expect(tree.children[0].text).toBe('São &lt; A');
  });

  describe('hostile input', () => {
    it('refuses DOCTYPE declarations, billion laughs included', () => {
      const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        + '<Fichero_Intercambio_SICRES_3>&lol2;</Fichero_Intercambio_SICRES_3>';
      expect(reasonOf(laughs)).toBe('DOCTYPE declarations are not allowed');
      expect(reasonOf('<!doctype x SYSTEM "file:///etc/passwd"><x/>')).toBe('DOCTYPE declarations are not allowed');
    });

    it('refuses empty, missing and non-string registros', () => {
      expect(reasonOf('')).toBe('the document is empty');
      expect(reasonOf('   ')).toBe('the document is empty');
      expect(reasonOf(undefined)).toBe('registro is missing');
      expect(reasonOf({ a: 1 })).toBe('registro is not text');
    });

    it('refuses malformed XML, two roots and undefined entities', () => {
      expect(reasonOf('<a><b></a>')).toMatch(/^not well-formed/);
      expect(reasonOf('<a></a><b></b>')).toMatch(/^not well-formed/);
      expect(reasonOf('just text')).toMatch(/^not well-formed/);
      expect(reasonOf('<a>&foo;</a>')).toBe('undefined entity &foo;');
      expect(reasonOf('<a>&constructor;</a>')).toBe('undefined entity &constructor;');
      expect(reasonOf('<a>&#0;</a>')).toBe('invalid character reference &#0;');
    });

    it('refuses deep nesting without exhausting the stack', () => {
      const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
      expect(reasonOf(deep)).toMatch(/^not parseable: Maximum nested tags exceeded/);
    });

    it('refuses prototype-polluting element names', () => {
      expect(reasonOf('<__proto__><polluted>1</polluted></__proto__>')).toMatch(/^not parseable/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses documents over 20 MiB', () => {
      const big = `<a>${'x'.repeat(MAX_REGISTRO_BYTES)}</a>`;
      expect(() => parseXmlTree(big)).toThrow(XmlRejected);
      expect(reasonOf(big)).toBe('the document exceeds 20 MiB');
    });

    it('refuses a wrong root element', () => {
      expect(reasonOf('<De_Mensaje/>')).toBe('the root element is De_Mensaje, not Fichero_Intercambio_SICRES_3');
    });
  });

  describe('checkSequence', () => {
    const spec = [{ name: 'a', min: 1, max: 1 }, { name: 'b', min: 0, max: Infinity }, { name: 'c', min: 1, max: 1 }];
    it('accepts sequences that follow the cardinalities', () => {
      expect(checkSequence('p', ['a', 'c'], spec)).toBeUndefined();
      expect(checkSequence('p', ['a', 'b', 'b', 'c'], spec)).toBeUndefined();
    });
    it('names what is missing, repeated or misplaced', () => {
      expect(checkSequence('p', ['a'], spec)).toBe('p lacks c');
      expect(checkSequence('p', ['c'], spec)).toBe('p lacks a');
      expect(checkSequence('p', ['a', 'a', 'c'], spec)).toBe('p repeats a');
      expect(checkSequence('p', ['a', 'c', 'b'], spec)).toBe('p has b where it is unknown or out of order');
      expect(checkSequence('p', ['a', 'z'], spec)).toBe('p has the unknown element z');
    });
  });
});
