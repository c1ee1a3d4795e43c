import { PasarelaError } from '../../../src/core/errors';
import { buildControlMessage, parseControlMessage, type ControlMessage } from '../../../src/sir/control-message';
import { MENSAJE_XSD, xmllint as xmllintWith } from '../../helpers/xmllint';

const xmllint = (xml: string) => xmllintWith(xml, MENSAJE_XSD);

function failureOf(fn: () => unknown): PasarelaError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PasarelaError);
    return e as PasarelaError;
  }
  throw new Error('expected a SIR_CONTROL_INVALID failure');
}

const base = { originOffice: 'O00067890', destinationOffice: 'O00012345', exchangeId: 'O00012345_24_00000001', testIndicator: '1' } as const;
const ack: ControlMessage = { ...base, type: '01', description: 'ACK' };
const error: ControlMessage = { ...base, type: '02', description: "El campo 'Resumen' del SegmentoAsunto, no puede estar vacio.", errorCode: '0037' };
const confirmation: ControlMessage = {
  ...base, type: '03', description: 'CONFIRMACION', destinationRegistryNumber: 'E-2024-004567', destinationRegistryDate: '20240305113000',
};

const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<De_Mensaje>\n${body}\n</De_Mensaje>`;
const head = `  <Codigo_Entidad_Registral_Origen>O00067890</Codigo_Entidad_Registral_Origen>
  <Codigo_Entidad_Registral_Destino>O00012345</Codigo_Entidad_Registral_Destino>
  <Identificador_Intercambio>O00012345_24_00000001</Identificador_Intercambio>`;

describe('buildControlMessage', () => {
  it.each([['an ACK', ack], ['an ERROR', error], ['a CONFIRMACION', confirmation]])('writes %s that the official mensaje.xsd accepts', (_, m) => {
    const r = xmllint(buildControlMessage(m));
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('writes every element in the XSD order, with file ids, and the XSD accepts it', () => {
    const full: ControlMessage = { ...error, fileIds: ['O00012345_24_00000001_01_0001.pdf', 'O00012345_24_00000001_01_0002.xsig'] };
    const xml = buildControlMessage(full);
    const order = [...xml.matchAll(/<([A-Z][A-Za-z_]+)>/g)].map((x) => x[1]);
    expect(order).toEqual([
      'De_Mensaje', 'Codigo_Entidad_Registral_Origen', 'Codigo_Entidad_Registral_Destino', 'Identificador_Intercambio', 'Tipo_Mensaje',
      'Descripcion_Mensaje', 'Indicador_Prueba', 'Identificador_Fichero', 'Identificador_Fichero', 'Codigo_Error',
    ]);
    expect(xmllint(xml).status).toBe(0);
  });

  it('leaves absent optional elements out', () => {
    const xml = buildControlMessage({ ...base, type: '01' });
    expect(xml).not.toContain('Descripcion_Mensaje');
    expect(xml).not.toContain('Codigo_Error');
    expect(xmllint(xml).status).toBe(0);
  });

  it('refuses an ERROR without Codigo_Error', () => {
    const e = failureOf(() => buildControlMessage({ ...error, errorCode: undefined }));
    expect(e.code).toBe('SIR_CONTROL_INVALID');
    expect(e.retryable).toBe(false);
    expect(e.problems).toContainEqual(expect.objectContaining({ pointer: '/errorCode', code: 'required' }));
  });

  it('refuses a CONFIRMACION without the destination registry number and date', () => {
    const e = failureOf(() => buildControlMessage({ ...confirmation, destinationRegistryNumber: undefined, destinationRegistryDate: '' }));
    expect(e.problems.map((p) => p.pointer)).toEqual(expect.arrayContaining(['/destinationRegistryNumber', '/destinationRegistryDate']));
  });

  it('refuses values longer than the XSD allows instead of cutting them', () => {
    const e = failureOf(() => buildControlMessage({ ...ack, originOffice: 'O'.repeat(22), description: 'x'.repeat(1025) }));
    expect(e.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/originOffice', code: 'too-long' }),
      expect.objectContaining({ pointer: '/description', code: 'too-long' }),
    ]));
  });

  it('counts lengths in characters, as the XSD does', () => {
    const xml = buildControlMessage({ ...ack, description: 'ñ'.repeat(1024) });
    expect(xmllint(xml).status).toBe(0);
  });

  it.each([
    ['an unknown message type', { ...ack, type: '04' as never }, '/type'],
    ['a test indicator other than 0 or 1', { ...ack, testIndicator: '2' as never }, '/testIndicator'],
    ['a date that is not a real yyyyMMddHHmmss', { ...confirmation, destinationRegistryDate: '20240230113000' }, '/destinationRegistryDate'],
    ['a date with an hour 24', { ...confirmation, destinationRegistryDate: '20240305240000' }, '/destinationRegistryDate'],
    ['more than ten file ids', { ...ack, fileIds: Array.from({ length: 11 }, (_, i) => `F${i}`) }, '/fileIds'],
    ['an empty file id', { ...ack, fileIds: [''] }, '/fileIds/0'],
    ['a file id longer than 50 characters', { ...ack, fileIds: ['f'.repeat(51)] }, '/fileIds/0'],
    ['an error code longer than 4 characters', { ...error, errorCode: '00370' }, '/errorCode'],
    ['an error code on an ACK', { ...ack, errorCode: '0037' }, '/errorCode'],
    ['a missing exchange id', { ...ack, exchangeId: '' }, '/exchangeId'],
    ['characters XML cannot carry', { ...ack, description: 'bell \u0007' }, '/description'],
  ])('refuses %s', (_, m, pointer) => {
    const e = failureOf(() => buildControlMessage(m as ControlMessage));
    expect(e.code).toBe('SIR_CONTROL_INVALID');
    expect(e.problems.map((p) => p.pointer)).toContain(pointer);
  });
});

describe('parseControlMessage', () => {
  it.each([['an ACK', ack], ['an ERROR', error], ['a CONFIRMACION', confirmation]])('reads back %s it built', (_, m) => {
    expect(parseControlMessage(buildControlMessage(m))).toEqual(m);
  });

  it('round-trips markup characters, line breaks and file ids exactly', () => {
    const m: ControlMessage = { ...error, description: ' <a & "b"> \r\n\tend ', fileIds: ['a&b.pdf', 'c'] };
    expect(parseControlMessage(buildControlMessage(m))).toEqual(m);
  });

  it('reads the ACK of the reference worked example (§11.2)', () => {
    const xml = doc(`${head}\n  <Tipo_Mensaje>01</Tipo_Mensaje>\n  <Descripcion_Mensaje>ACK</Descripcion_Mensaje>\n  <Indicador_Prueba>1</Indicador_Prueba>`);
    expect(parseControlMessage(xml)).toEqual(ack);
  });

  it('reads the CONFIRMACION of the reference worked example (§11.3)', () => {
    const xml = doc(`${head}
  <Tipo_Mensaje>03</Tipo_Mensaje>
  <Descripcion_Mensaje>CONFIRMACION</Descripcion_Mensaje>
  <Numero_Registro_Entrada_Destino>E-2024-004567</Numero_Registro_Entrada_Destino>
  <Fecha_Hora_Entrada_Destino>20240305113000</Fecha_Hora_Entrada_Destino>
  <Indicador_Prueba>1</Indicador_Prueba>`);
    expect(parseControlMessage(xml)).toEqual(confirmation);
  });

  it('reads the ERROR of the reference worked example (§11.4)', () => {
    const xml = doc(`${head}
  <Tipo_Mensaje>02</Tipo_Mensaje>
  <Descripcion_Mensaje>El campo 'Resumen' del SegmentoAsunto, no puede estar vacio.</Descripcion_Mensaje>
  <Indicador_Prueba>1</Indicador_Prueba>
  <Codigo_Error>0037</Codigo_Error>`);
    expect(parseControlMessage(xml)).toEqual(error);
  });

  it('treats empty optional elements, as regweb3 writes them, as absent', () => {
    const xml = doc(`${head}
  <Tipo_Mensaje>01</Tipo_Mensaje>
  <Descripcion_Mensaje/>
  <Numero_Registro_Entrada_Destino/>
  <Fecha_Hora_Entrada_Destino/>
  <Indicador_Prueba>0</Indicador_Prueba>
  <Codigo_Error/>`);
    expect(parseControlMessage(xml)).toEqual({ ...base, type: '01', testIndicator: '0' });
  });

  it('reads CDATA sections and decodes each entity once', () => {
    const xml = doc(`${head}\n  <Tipo_Mensaje><![CDATA[01]]></Tipo_Mensaje>\n  <Descripcion_Mensaje>&amp;lt; &#241;</Descripcion_Mensaje>\n  <Indicador_Prueba>1</Indicador_Prueba>`);
    expect(parseControlMessage(xml)).toMatchObject({ type: '01', description: '&lt; ñ' });
  });

  const ackBody = `${head}\n  <Tipo_Mensaje>01</Tipo_Mensaje>\n  <Indicador_Prueba>1</Indicador_Prueba>`;

  it.each([
    ['a DOCTYPE (entity expansion)', `<?xml version="1.0"?><!DOCTYPE De_Mensaje [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>${doc(ackBody).replace(/^<\?xml[^>]*>/, '')}`],
    ['a document over the size limit', doc(`${ackBody}\n<!--${'x'.repeat(70 * 1024)}-->`)],
    ['XML that is not well-formed', doc(`${ackBody}\n  <Codigo_Error>0037`)],
    ['another root element', '<Fichero_Intercambio_SICRES_3/>'],
    ['an unknown element', doc(`${ackBody}\n  <Extra>1</Extra>`)],
    ['elements out of the XSD order', doc(`${head}\n  <Indicador_Prueba>1</Indicador_Prueba>\n  <Tipo_Mensaje>01</Tipo_Mensaje>`)],
    ['a repeated element', doc(`${ackBody}\n  <Codigo_Error>1</Codigo_Error>\n  <Codigo_Error>2</Codigo_Error>`)],
    ['an element inside a leaf', doc(`${head}\n  <Tipo_Mensaje><b>01</b></Tipo_Mensaje>\n  <Indicador_Prueba>1</Indicador_Prueba>`)],
    ['an undefined entity', doc(`${head}\n  <Tipo_Mensaje>01&foo;</Tipo_Mensaje>\n  <Indicador_Prueba>1</Indicador_Prueba>`)],
    ['a missing required element', doc(`${head}\n  <Tipo_Mensaje>01</Tipo_Mensaje>`)],
    ['text outside the elements', doc(`${ackBody}\n  loose text`)],
    ['an empty string', ''],
    ['something that is not a string', 42],
  ])('refuses %s with SIR_CONTROL_INVALID', (_, input) => {
    const e = failureOf(() => parseControlMessage(input));
    expect(e.code).toBe('SIR_CONTROL_INVALID');
    expect(e.retryable).toBe(false);
  });

  it('names the field problems of a readable but invalid message', () => {
    const xml = doc(`${head}\n  <Tipo_Mensaje>02</Tipo_Mensaje>\n  <Indicador_Prueba>1</Indicador_Prueba>`);
    expect(failureOf(() => parseControlMessage(xml)).problems).toContainEqual(expect.objectContaining({ pointer: '/errorCode', code: 'required' }));
  });
});
