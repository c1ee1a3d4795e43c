import { XMLParser } from 'fast-xml-parser';
import { PasarelaError } from '../../../src/core/errors';
import type { RegistryEntry } from '../../../src/core/registry-entry';
import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { getTransform, transforms } from '../../../transforms/index';
import { toSicresDateTime } from '../../../transforms/sicres3/dates';
import { hexDigestToBase64 } from '../../../transforms/sicres3/annexes';
import { annexOf, envelopeOf, minimalEntry, richEntry } from '../../fixtures/sir/registry-entries';
import { xmllint } from '../../helpers/xmllint';

function apply(entry: RegistryEntry) {
  return registryEntryToSicres3.apply(envelopeOf(entry));
}

function failureOf(entry: RegistryEntry): PasarelaError {
  try {
    apply(entry);
  } catch (e) {
    expect(e).toBeInstanceOf(PasarelaError);
    return e as PasarelaError;
  }
  throw new Error('the transform did not fail');
}

const parser = new XMLParser({ parseTagValue: false, trimValues: false, isArray: (n) => ['De_Interesado', 'De_Anexo'].includes(n) });
function parse(xml: string): any {
  return parser.parse(xml).Fichero_Intercambio_SICRES_3;
}

function childOrder(xml: string, segment: string): string[] {
  const inner = xml.split(`<${segment}>`)[1].split(`</${segment}>`)[0];
  return [...inner.matchAll(/<([A-Za-z_]+)[ />]/g)].map((m) => m[1]);
}

describe('registry-entry-to-sicres3', () => {
  it('is registered under its name and maps registry-entry to sir-fichero', () => {
    expect(transforms['registry-entry-to-sicres3']).toBe(registryEntryToSicres3);
    expect(getTransform('registry-entry-to-sicres3')).toBe(registryEntryToSicres3);
    expect(getTransform('nope')).toBeUndefined();
    expect(registryEntryToSicres3.from).toBe('registry-entry');
    expect(registryEntryToSicres3.to).toBe('sir-fichero');
  });

  it('produces a rich fichero that validates against the official XSD', () => {
    const { xml, exchangeId } = apply(richEntry());
    expect(exchangeId).toBe('O00012345_24_00000002');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Fichero_Intercambio_SICRES_3>')).toBe(true);
    const r = xmllint(xml);
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('produces a minimal fichero with one empty De_Interesado that validates against the official XSD', () => {
    const { xml } = apply(minimalEntry());
    expect(xml).toContain('  <De_Interesado/>\n');
    expect(xml).toContain('<Expone/>');
    expect(xml).toContain('<Solicita/>');
    expect(xml).not.toContain('De_Anexo');
    const r = xmllint(xml);
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('writes the segments in schema order', () => {
    const { xml } = apply(richEntry());
    expect(childOrder(xml, 'Fichero_Intercambio_SICRES_3').filter((n) => n.startsWith('De_'))).toEqual([
      'De_Origen_o_Remitente', 'De_Destino', 'De_Interesado', 'De_Asunto', 'De_Anexo', 'De_Anexo',
      'De_Internos_Control', 'De_Formulario_Generico',
    ]);
    expect(childOrder(xml, 'De_Internos_Control')).toEqual([
      'Tipo_Transporte_Entrada', 'Numero_Transporte_Entrada', 'Nombre_Usuario', 'Contacto_Usuario',
      'Identificador_Intercambio', 'Aplicacion_Version_Emisora', 'Tipo_Anotacion', 'Descripcion_Tipo_Anotacion',
      'Tipo_Registro', 'Documentacion_Fisica', 'Observaciones_Apunte', 'Indicador_Prueba',
      'Codigo_Entidad_Registral_Inicio', 'Decodificacion_Entidad_Registral_Inicio',
    ]);
  });

  it('maps canonical fields and code lists to their SICRES elements', () => {
    const f = parse(apply(richEntry()).xml);
    const party = f.De_Interesado[0];
    expect(party.Tipo_Documento_Identificacion_Interesado).toBe('N');
    expect(party.Tipo_Documento_Identificacion_Representante).toBe('C');
    expect(party.Razon_Social_Representante).toBe('Gestoría Ejemplo S.L.');
    expect(party.Canal_Preferente_Comunicacion_Interesado).toBe('01');
    expect(party.Canal_Preferente_Comunicacion_Representante).toBe('02');
    expect(party.Observaciones).toBe('Actúa mediante representante');
    expect(f.De_Asunto.Numero_Expediente).toBe('EXP-2024/77');
    expect(f.De_Internos_Control).toMatchObject({
      Tipo_Transporte_Entrada: '05', Identificador_Intercambio: 'O00012345_24_00000002',
      Aplicacion_Version_Emisora: 'PSRL', Tipo_Anotacion: '02', Descripcion_Tipo_Anotacion: 'Envío de prueba',
      Tipo_Registro: '1', Documentacion_Fisica: '2', Indicador_Prueba: '0', Codigo_Entidad_Registral_Inicio: 'O00012345',
    });
    const min = parse(apply(minimalEntry()).xml).De_Internos_Control;
    expect(min).toMatchObject({ Descripcion_Tipo_Anotacion: 'Envío', Tipo_Registro: '0', Documentacion_Fisica: '3', Indicador_Prueba: '1' });
    expect(min.Tipo_Transporte_Entrada).toBeUndefined();
  });

  it('builds annex identifiers, raw-digest hashes and the signed-document link', () => {
    const entry = richEntry();
    const [pdf, sig] = parse(apply(entry).xml).De_Anexo;
    expect(pdf.Identificador_Fichero).toBe('O00012345_24_00000002_01_0001.pdf');
    expect(sig.Identificador_Fichero).toBe('O00012345_24_00000002_01_0002.xsig');
    expect(sig.Identificador_Documento_Firmado).toBe(pdf.Identificador_Fichero);
    expect(pdf.Identificador_Documento_Firmado).toBeUndefined();
    expect(pdf.Hash).toBe(Buffer.from(entry.annexes[0].sha256, 'hex').toString('base64'));
    expect(pdf.Anexo).toBe(entry.annexes[0].content);
    expect(pdf.Tipo_MIME).toBe('application/pdf');
    expect(sig.Tipo_MIME).toBeUndefined();
    expect(pdf).toMatchObject({ Validez_Documento: '04', Tipo_Documento: '02' });
    expect(sig.Tipo_Documento).toBe('03');
  });

  it('converts the hex SHA-256 to base64 of the 32 raw bytes, not of the hex text', () => {
    // The 24-byte annex of the worked example in reference/sir-sicres3.md §11.1.
    const hex = '3deb5f234a8b51eccee9a19164f09ae694db5dce54d168456946172af6679b44';
    expect(hexDigestToBase64(hex)).toBe('PetfI0qLUezO6aGRZPCa5pTbXc5U0WhFaUYXKvZnm0Q=');
    expect(Buffer.from(hexDigestToBase64(hex)!, 'base64')).toHaveLength(32);
    expect(hexDigestToBase64('not-a-digest')).toBeUndefined();
  });

  it('escapes XML special characters in values', () => {
    const { xml } = apply(richEntry());
    expect(xml).toContain('<Resumen>Solicitud &lt;script&gt;&amp;&quot;&apos;&lt;/script&gt;</Resumen>');
    expect(xml).not.toContain('<script>');
    expect(parse(xml).De_Asunto.Resumen).toBe('Solicitud <script>&"\'</script>');
  });

  it('converts registry dates to Madrid local time in winter (CET, UTC+1) and summer (CEST, UTC+2)', () => {
    expect(toSicresDateTime('2024-01-15T09:30:00Z')).toBe('20240115103000');
    expect(toSicresDateTime('2024-07-15T08:00:00Z')).toBe('20240715100000');
    expect(toSicresDateTime('2024-03-31T00:59:59Z')).toBe('20240331015959');
    expect(toSicresDateTime('2024-03-31T01:00:00Z')).toBe('20240331030000');
    expect(toSicresDateTime('2024-12-31T23:30:00Z')).toBe('20250101003000');
    expect(toSicresDateTime('2024-03-05T10:15:30+01:00')).toBe('20240305101530');
    expect(parse(apply(richEntry()).xml).De_Origen_o_Remitente.Fecha_Hora_Entrada).toBe('20240715100000');
  });

  it('refuses dates without an offset and dates that are not dates', () => {
    expect(toSicresDateTime('2024-01-15T09:30:00')).toBeUndefined();
    expect(toSicresDateTime('2024-02-30T09:30:00Z')).toBeUndefined();
    const entry = minimalEntry();
    entry.origin.registryDate = 'yesterday';
    expect(failureOf(entry).problems.map((p) => p.pointer)).toContain('/payload/origin/registryDate');
  });

  it('fails with TRANSFORM_FAILED when the exchange id is missing', () => {
    const entry = minimalEntry();
    delete entry.control.exchangeId;
    const err = failureOf(entry);
    expect(err.code).toBe('TRANSFORM_FAILED');
    expect(err.retryable).toBe(false);
    expect(err.problems[0].pointer).toBe('/payload/control/exchangeId');
  });

  it('fails with TRANSFORM_FAILED naming the element when a value is longer than SICRES allows', () => {
    const entry = richEntry();
    entry.subject.summary = 'x'.repeat(241);
    entry.interested[0].interested.name = 'ñ'.repeat(31);
    const err = failureOf(entry);
    expect(err.code).toBe('TRANSFORM_FAILED');
    expect(err.message).toContain('Resumen');
    expect(err.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/payload/subject/summary', code: 'too-long', message: expect.stringContaining('Resumen') }),
      expect.objectContaining({ pointer: '/payload/interested/0/interested/name', message: expect.stringContaining('Nombre_Interesado') }),
    ]));
  });

  it('counts characters, not bytes, against the maximum length', () => {
    const entry = minimalEntry();
    entry.subject.summary = 'ñ'.repeat(240);
    expect(() => apply(entry)).not.toThrow();
  });

  it('fails when a value holds characters XML cannot carry', () => {
    const entry = minimalEntry();
    entry.subject.summary = 'bell \u0007';
    expect(failureOf(entry).problems[0]).toMatchObject({ pointer: '/payload/subject/summary', code: 'invalid-characters' });
  });

  it('fails when an annex has no extension, a bad digest, bad base64 or signs an unknown file', () => {
    const entry = minimalEntry();
    entry.annexes = [
      annexOf('README', 'x'),
      { ...annexOf('a.txt', 'y'), sha256: 'abc' },
      { ...annexOf('b.txt', 'z'), content: 'not base64!' },
      annexOf('c.xsig', 's', { signsFile: 'missing.pdf' }),
    ];
    expect(failureOf(entry).problems.map((p) => p.code).sort()).toEqual(
      ['invalid-base64', 'invalid-hash', 'missing-extension', 'unknown-annex'],
    );
  });

  it('fails when an annex extension makes Identificador_Fichero longer than 50 characters', () => {
    const entry = minimalEntry('O00012345_24_00000001');
    entry.annexes = [annexOf('data.averyveryverylongextension', 'x')];
    expect(failureOf(entry).problems[0].message).toContain('Identificador_Fichero');
  });

  it('fails on a canonical code the SICRES tables do not know', () => {
    const entry = minimalEntry();
    (entry.control as { registryType: string }).registryType = 'sideways';
    expect(failureOf(entry).problems[0]).toMatchObject({ code: 'unknown-code', pointer: '/payload/control/registryType' });
  });

  it('carries a 15 MiB annex inline', () => {
    const entry = minimalEntry();
    entry.annexes = [annexOf('big.pdf', 'x'.repeat(15 * 1024 * 1024))];
    const { xml } = apply(entry);
    expect(xml).toContain(`<Anexo>${entry.annexes[0].content}</Anexo>`);
  });

  it('is deterministic', () => {
    const entry = richEntry();
    expect(apply(entry).xml).toBe(apply(structuredClone(entry)).xml);
  });
});
