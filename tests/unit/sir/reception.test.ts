import { parseFichero } from '../../../src/sir/parse-fichero';
import { checkFichero, judgeFichero, type JudgeOptions } from '../../../src/sir/reception';
import { ANNEX, CONTROL, ORIGIN, PARTY, NOW, sampleFichero, type SampleParts } from './fichero-sample';

function judge(parts: SampleParts = {}, opts: JudgeOptions = {}) {
  return judgeFichero(parseFichero(sampleFichero(parts)), { now: NOW, ...opts });
}

describe('the reception rules', () => {
  it('accept the worked example of the reference', () => {
    expect(judge()).toEqual({ outcome: 'accept', code: null, reasons: [] });
  });

  it('drop a fichero without an exchange id: no ERROR message could name the exchange', () => {
    const verdict = judge({ control: CONTROL.replace(/<Identificador_Intercambio>.*<\/Identificador_Intercambio>/, '<Identificador_Intercambio/>') });
    expect(verdict).toEqual({ outcome: 'drop', code: null, reasons: ['Identificador_Intercambio is missing or empty'] });
  });

  it('drop a document that is not a fichero', () => {
    expect(checkFichero('<De_Mensaje/>').outcome).toBe('drop');
  });

  it('answer an over-long value with ERROR 0037', () => {
    const verdict = judge({ origin: ORIGIN.replace('REGAGE-E-2024-000123', 'N'.repeat(21)) });
    expect(verdict).toEqual({ outcome: 'error', code: '0037', reasons: ['De_Origen_o_Remitente/Numero_Registro_Entrada is longer than 20 characters'] });
  });

  it('judge the future against the injected now, in Madrid time', () => {
    // 2024-06-01T10:00:00Z is 12:00:00 in Madrid (CEST).
    const at = (stamp: string) => judge({ origin: ORIGIN.replace('20240305101530', stamp) }).outcome;
    expect(at('20240601115959')).toBe('accept');
    expect(at('20240601120001')).toBe('error');
  });

  it('refuse a destination office that is not ours, and one DIR3 does not know', () => {
    expect(judge({}, { own: { isOurs: () => false } }).reasons).toEqual(["Codigo_Entidad_Registral_Destino 'O00067890' is not an office this system receives for"]);
    const directory = { exists: (code: string) => code !== 'O00067890' };
    expect(judge({}, { directory }).reasons).toEqual(["Codigo_Entidad_Registral_Destino 'O00067890' does not exist in DIR3"]);
  });

  it('refuse an exchange id whose year is after the current one', () => {
    const control = CONTROL.replace('O00012345_24_00000001', 'O00012345_25_00000001');
    expect(judge({ control, annexes: '' }).reasons).toEqual(['Identificador_Intercambio has the year 25, after the current one']);
  });

  it('require the originating unit when no party is given', () => {
    expect(judge({ interested: '<De_Interesado/>' }).outcome).toBe('accept');
    const origin = ORIGIN.replace(/<Codigo_Unidad_Tramitacion_Origen>.*<\/Codigo_Unidad_Tramitacion_Origen>/, '');
    expect(judge({ interested: '<De_Interesado/>', origin }).reasons).toEqual(['there is no interested party, so Codigo_Unidad_Tramitacion_Origen is required']);
  });

  it('refuse a representative without an interested party', () => {
    const interested = '<De_Interesado><Razon_Social_Representante>EMPRESA</Razon_Social_Representante></De_Interesado>';
    expect(judge({ interested }).reasons).toEqual(['De_Interesado[1]: a representative without an interested party']);
  });

  it('require the postal data of channel 01 and the DEH of channel 02, without echoing citizen data', () => {
    const noPostcode = PARTY.replace(/<Codigo_Postal_Interesado>.*<\/Codigo_Postal_Interesado>/, '');
    expect(judge({ interested: noPostcode }).reasons).toEqual(['De_Interesado[1]: channel 01 in Spain needs Codigo_Postal_Interesado or Provincia_Interesado and Municipio_Interesado']);
    const deh = PARTY.replace('>01</Canal', '>02</Canal');
    const verdict = judge({ interested: deh });
    expect(verdict.reasons).toEqual(['De_Interesado[1]: channel 02 needs Direccion_Electronica_Habilitada_Interesado']);
    expect(JSON.stringify(verdict)).not.toMatch(/NOMBRE|APELLIDO|00000000T|Calle/);
  });

  it('require a company name for document type C', () => {
    const company = PARTY.replace('>N</Tipo', '>C</Tipo').replace('00000000T', 'B12345674');
    expect(judge({ interested: company }).reasons).toEqual(['De_Interesado[1]: Razon_Social_Interesado is required for document type C']);
  });

  it('apply the configurable annex limits to the decoded sizes', () => {
    expect(judge({}, { annexLimits: { maxBytesEach: 23 } }).reasons).toEqual(['De_Anexo[1]: the annex is larger than 23 bytes']);
    expect(judge({}, { annexLimits: { maxBytesEach: 24 } }).outcome).toBe('accept');
    const two = ANNEX + ANNEX.replace('_0001.txt', '_0002.txt');
    expect(judge({ annexes: two }, { annexLimits: { maxCount: 1, maxBytesTotal: 40 } }).reasons).toEqual([
      'there are 2 annexes, more than 1',
      'the annexes together are larger than 40 bytes',
    ]);
  });

  it('refuse duplicate annex ids and a signature that points at no annex', () => {
    const signed = ANNEX.replace('</Anexo>', '</Anexo><Identificador_Documento_Firmado>O00012345_24_00000001_01_0009.txt</Identificador_Documento_Firmado>');
    expect(judge({ annexes: ANNEX + signed }).reasons).toEqual([
      'two annexes share an Identificador_Fichero',
      'De_Anexo[2]: Identificador_Documento_Firmado names no annex of this fichero',
    ]);
  });

  it('list every failure, not only the first', () => {
    const control = CONTROL.replace('>02</Tipo_Anotacion>', '>09</Tipo_Anotacion>').replace('>3</Documentacion_Fisica>', '>7</Documentacion_Fisica>');
    expect(judge({ control }).reasons).toEqual([
      'De_Internos_Control/Documentacion_Fisica is not one of 1, 2, 3',
      "Tipo_Anotacion '09' is not 02, 03 or 04",
    ]);
  });
});
