import pino from 'pino';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import type { IntakeMeta } from '../../../../src/core/plugin';
import { sicres3Xml, type Sicres3XmlConfig } from '../../../../adapters/sicres3-xml';
import { toIntakeError } from '../../../../adapters/sicres3-xml/read';
import { parseFichero } from '../../../../src/sir/parse-fichero';
import { toSicresXml } from '../../../../transforms/registry-entry-to-sicres3';
import { exampleEntry } from '../../../helpers/entries';
import { ANNEX, CONTROL, PARTY, sampleFichero } from '../../sir/fichero-sample';

const META: IntakeMeta = { tenant: 'L02000023', contentType: 'application/xml', mediaType: 'application/xml', system: 'registro', batch: false };
const logger = pino({ enabled: false });

function decode(body: string | Buffer, meta: Partial<IntakeMeta> = {}, config: Sicres3XmlConfig = {}) {
  return sicres3Xml.decode(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, { ...META, ...meta }, { config, logger });
}

/** The catalog error a decode throws; fails the test if it returns or throws anything else. */
function errorOf(body: string | Buffer, meta: Partial<IntakeMeta> = {}, config: Sicres3XmlConfig = {}): PasarelaError {
  try {
    decode(body, meta, config);
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected decode to throw');
}

const problemsOf = (body: string) => errorOf(body).problems.map((p) => `${p.pointer} ${p.code}`);
const withControl = (replace: (control: string) => string) => sampleFichero({ control: replace(CONTROL) });

describe('sicres3-xml decoding', () => {
  it('decodes a fichero generated from the example canonical entry back to the same entry, minus the exchange id', () => {
    const xml = toSicresXml(exampleEntry(), 'O00009001_26_00000001');
    const [message, ...rest] = decode(xml);
    expect(rest).toEqual([]);
    expect(message).toStrictEqual({ type: 'registry-entry', schemaVersion: 1, payload: exampleEntry(), occurredAt: '2026-03-05T10:15:30+01:00' });
  });

  it('drops the Identificador_Intercambio, and a fichero without one is no problem, since pasarela assigns its own', () => {
    const [withId] = decode(sampleFichero());
    expect((withId.payload as { control: object }).control).not.toHaveProperty('exchangeId');
    const [withoutId] = decode(withControl((c) => c.replace(/<Identificador_Intercambio>.*<\/Identificador_Intercambio>/, '')));
    expect(withoutId.payload).toStrictEqual(withId.payload);
  });

  it('keeps a Descripcion_Tipo_Anotacion other than the default "Envío"', () => {
    const [message] = decode(withControl((c) => c.replace('<Tipo_Registro>', '<Descripcion_Tipo_Anotacion>Urgente</Descripcion_Tipo_Anotacion><Tipo_Registro>')));
    expect(message.payload).toMatchObject({ control: { annotationDescription: 'Urgente' } });
  });

  it('refuses a batch request: one fichero is one request', () => {
    expect(errorOf(sampleFichero(), { batch: true }).code).toBe('INTAKE_NOT_A_BATCH');
  });

  it('decodes the same bytes twice to deep-equal messages', () => {
    const bytes = Buffer.from(toSicresXml(exampleEntry(), 'O00009001_26_00000001'), 'utf8');
    expect(decode(bytes)).toStrictEqual(decode(Buffer.from(bytes)));
  });
});

describe('sicres3-xml hostile and unreadable XML', () => {
  it('refuses a DOCTYPE as a forbidden XML feature', () => {
    const e = errorOf(sampleFichero().replace('<Fichero_Intercambio_SICRES_3>', '<!DOCTYPE Fichero_Intercambio_SICRES_3>\n<Fichero_Intercambio_SICRES_3>'));
    expect(e.code).toBe('INTAKE_XML_FORBIDDEN');
    expect((e.cause as PasarelaError).code).toBe('SIR_FICHERO_UNREADABLE');
  });

  it('refuses an external entity without reading it', () => {
    const xml = sampleFichero()
      .replace('<Fichero_Intercambio_SICRES_3>', '<!DOCTYPE f [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Fichero_Intercambio_SICRES_3>')
      .replace('Solicitud de prueba', '&xxe;');
    const e = errorOf(xml);
    expect(e.code).toBe('INTAKE_XML_FORBIDDEN');
    expect(JSON.stringify({ message: e.message, problems: e.problems, details: e.details })).not.toMatch(/root:/);
  });

  it('refuses billion laughs before any expansion', () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    const xml = sampleFichero()
      .replace('<Fichero_Intercambio_SICRES_3>', `<!DOCTYPE f [${lol}]>\n<Fichero_Intercambio_SICRES_3>`)
      .replace('Solicitud de prueba', '&lol9;');
    expect(errorOf(xml).code).toBe('INTAKE_XML_FORBIDDEN');
  });

  it('refuses an undeclared entity reference as malformed', () => {
    expect(errorOf(sampleFichero().replace('Solicitud de prueba', '&xxe;')).code).toBe('INTAKE_XML_MALFORMED');
  });

  it('refuses elements nested 10,000 deep as too deep', () => {
    const deep = `<Observaciones>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</Observaciones>`;
    const e = errorOf(sampleFichero().replace('<Resumen>', `${deep}<Resumen>`));
    expect(e.code).toBe('INTAKE_TOO_DEEP');
    expect(e.details).toEqual({ reason: 'too-deep' });
  });

  it('refuses unclosed tags as malformed', () => {
    expect(errorOf(sampleFichero().replace('</Fichero_Intercambio_SICRES_3>', '')).code).toBe('INTAKE_XML_MALFORMED');
    expect(errorOf('<Fichero_Intercambio_SICRES_3><De_Destino>').code).toBe('INTAKE_XML_MALFORMED');
  });

  it('refuses a document whose root element is not Fichero_Intercambio_SICRES_3 as malformed', () => {
    const e = errorOf('<?xml version="1.0" encoding="UTF-8"?><De_Mensaje><Codigo_Entidad_Registral_Origen>O00012345</Codigo_Entidad_Registral_Origen></De_Mensaje>');
    expect(e.code).toBe('INTAKE_XML_MALFORMED');
    expect(e.details).toEqual({ reason: 'not-a-fichero' });
  });

  it('refuses an empty body as malformed', () => {
    expect(errorOf(Buffer.alloc(0)).code).toBe('INTAKE_XML_MALFORMED');
    expect(errorOf(' \n').code).toBe('INTAKE_XML_MALFORMED');
  });

  it('refuses a body over the configured maxBytes as too large, counting the bytes received', () => {
    const xml = sampleFichero();
    const size = Buffer.byteLength(xml);
    expect(errorOf(xml, {}, { maxBytes: size - 1 }).code).toBe('INTAKE_BODY_TOO_LARGE');
    expect(decode(xml, {}, { maxBytes: size })).toHaveLength(1);
  });

  it("maps parseFichero's bad-encoding refusal to INTAKE_INVALID_ENCODING", () => {
    let refusal: unknown;
    try {
      parseFichero(Buffer.from([0x3c, 0x61, 0xff, 0x3e]));
    } catch (e) {
      refusal = e;
    }
    expect(toIntakeError(refusal)).toMatchObject({ code: 'INTAKE_INVALID_ENCODING', retryable: false, details: { reason: 'bad-encoding' } });
  });

  it('wraps an unexpected error as INTAKE_XML_MALFORMED, keeping it as the cause', () => {
    const unexpected = new RangeError('Maximum call stack size exceeded');
    const e = toIntakeError(unexpected);
    expect(e).toMatchObject({ code: 'INTAKE_XML_MALFORMED', status: 400, retryable: false, cause: unexpected });
  });

  it('throws only coded intake errors whatever prefix of a fichero it is given', () => {
    const xml = sampleFichero();
    for (let end = 0; end < xml.length; end += 7) {
      const e = errorOf(xml.slice(0, end));
      expect(e.code).toMatch(/^INTAKE_/);
    }
  });
});

describe('sicres3-xml mapping problems', () => {
  it.each([['03', 'reenvío'], ['04', 'rechazo'], ['01', 'pendiente']])('refuses a fichero with Tipo_Anotacion %s (%s): intake takes envíos only', (code) => {
    const e = errorOf(withControl((c) => c.replace('<Tipo_Anotacion>02<', `<Tipo_Anotacion>${code}<`)));
    expect(e.code).toBe('INTAKE_VALIDATION_FAILED');
    expect(e.problems).toEqual([expect.objectContaining({ pointer: '/Fichero_Intercambio_SICRES_3/De_Internos_Control/Tipo_Anotacion', code: 'SICRES_NOT_AN_ENVIO' })]);
  });

  it('refuses an annex whose Hash does not match its content', () => {
    const other = 'q1kkR7X2Zt5D7nX8Wu1lqBqR7h9VZ5n5gx2JrZj1n4I=';
    expect(problemsOf(sampleFichero({ annexes: ANNEX.replace(/<Hash>.*<\/Hash>/, `<Hash>${other}</Hash>`) })))
      .toEqual(['/Fichero_Intercambio_SICRES_3/De_Anexo/0/Hash hash-mismatch']);
  });

  it('refuses annex content that is not base64', () => {
    expect(problemsOf(sampleFichero({ annexes: ANNEX.replace(/<Anexo>.*<\/Anexo>/, '<Anexo>no es base64!</Anexo>') })))
      .toEqual(['/Fichero_Intercambio_SICRES_3/De_Anexo/0/Anexo invalid-base64']);
  });

  it('refuses bad dates, unknown codes and missing segments with every problem at once, at fichero element paths', () => {
    const xml = sampleFichero()
      .replace('20240305101530', '2024-03-05')
      .replace('<Tipo_Registro>0<', '<Tipo_Registro>7<')
      .replace(/<De_Asunto>.*<\/De_Asunto>/, '');
    expect(problemsOf(xml).sort()).toEqual([
      '/Fichero_Intercambio_SICRES_3/De_Asunto missing-segment',
      '/Fichero_Intercambio_SICRES_3/De_Internos_Control/Tipo_Registro unknown-code',
      '/Fichero_Intercambio_SICRES_3/De_Origen_o_Remitente/Fecha_Hora_Entrada invalid-date',
    ]);
  });

  it('lists at most 100 problems however many the fichero holds', () => {
    const bad = PARTY.replace('<Canal_Preferente_Comunicacion_Interesado>01<', '<Canal_Preferente_Comunicacion_Interesado>09<');
    const e = errorOf(sampleFichero({ interested: bad.repeat(300) }));
    expect(e.problems).toHaveLength(100);
    expect(e.message).toMatch(/^The fichero cannot be taken as a registry entry: 300 problem\(s\)/);
  });

  it('refuses elements the SICRES 3.0 schema does not have rather than dropping them', () => {
    const xml = sampleFichero().replace('<Resumen>', '<Comentario>x</Comentario><Resumen>');
    expect(problemsOf(xml)).toEqual(['/Fichero_Intercambio_SICRES_3/De_Asunto SICRES_STRUCTURE']);
  });
});
