import { createHash } from 'node:crypto';
import { buildEnvio, checkOriginate, exchangeIdOf } from '../../../../simulators/sir/originate-entry';
import { PasarelaError } from '../../../../src/core/errors';
import { parseFichero } from '../../../../src/sir/parse-fichero';
import { judgeFichero } from '../../../../src/sir/reception';
import { xmllint } from '../../../helpers/xmllint';

const NOW = new Date('2026-03-05T10:15:30Z');
const ownedBy = (office: string) => ({ own: { isOurs: (o: string) => o === office } });

function refusal(input: unknown): PasarelaError {
  try {
    checkOriginate(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PasarelaError);
    return e as PasarelaError;
  }
  throw new Error('the options were accepted');
}

describe('SIR simulator originated ENVÍO', () => {
  it('builds an XSD-valid ENVÍO the destination office accepts, over the published example entry', () => {
    const built = buildEnvio(checkOriginate({ destinationOffice: 'O00023001' }), 42, NOW);
    expect(built).toMatchObject({ exchangeId: 'O00012345_26_00000042', registryNumber: 'SIM-IN/42' });
    const lint = xmllint(built.xml);
    expect(lint.output).toContain('validates');
    expect(lint.status).toBe(0);
    const f = parseFichero(built.xml);
    expect(judgeFichero(f, { ...ownedBy('O00023001'), now: NOW })).toEqual({ outcome: 'accept', code: null, reasons: [] });
    expect(f.origin).toMatchObject({ Codigo_Entidad_Registral_Origen: 'O00012345', Numero_Registro_Entrada: 'SIM-IN/42', Fecha_Hora_Entrada: '20260305111529' });
    expect(f.destination).toEqual({ Codigo_Entidad_Registral_Destino: 'O00023001' });
    expect(f.control).toMatchObject({
      Identificador_Intercambio: 'O00012345_26_00000042', Tipo_Anotacion: '02', Indicador_Prueba: '1', Codigo_Entidad_Registral_Inicio: 'O00012345',
    });
    expect(f.subject?.Resumen).toBe('Solicitud genérica de prueba');
    expect(f.interested).toHaveLength(1);
    const [annex] = f.annexes;
    const bytes = Buffer.from(annex.Anexo!, 'base64');
    expect(annex).toMatchObject({ Nombre_Fichero_Anexado: 'documento-1.txt', Identificador_Fichero: 'O00012345_26_00000042_01_0001.txt', Tipo_MIME: 'text/plain' });
    expect(annex.Hash).toBe(createHash('sha256').update(bytes).digest('base64'));
  });

  it('takes the origin office, destination unit, summary, annex count and test flag it is given', () => {
    const o = checkOriginate({ destinationOffice: 'O00023001', destinationUnit: 'L01230001', originOffice: 'E00054321', summary: 'Licencia', annexes: 5, test: false });
    const f = parseFichero(buildEnvio(o, 99_999_999, NOW).xml);
    expect(xmllint(buildEnvio(o, 7, NOW).xml).status).toBe(0);
    expect(f.control).toMatchObject({ Identificador_Intercambio: 'E00054321_26_99999999', Indicador_Prueba: '0', Codigo_Entidad_Registral_Inicio: 'E00054321' });
    expect(f.destination).toEqual({ Codigo_Entidad_Registral_Destino: 'O00023001', Codigo_Unidad_Tramitacion_Destino: 'L01230001' });
    expect(f.subject?.Resumen).toBe('Licencia');
    expect(f.annexes.map((a) => a.Nombre_Fichero_Anexado)).toEqual(['documento-1.txt', 'documento-2.txt', 'documento-3.txt', 'documento-4.txt', 'documento-5.txt']);
    expect(parseFichero(buildEnvio(checkOriginate({ destinationOffice: 'O00023001', annexes: 0 }), 1, NOW).xml).annexes).toEqual([]);
  });

  it('refuses options that are not valid with SIM_BAD_REQUEST naming the field', () => {
    expect(refusal(null).message).toContain('must be a JSON object');
    expect(refusal({ destinationOffice: 'O00023001', extra: 1 }).message).toContain('unknown field "extra"');
    expect(refusal({}).message).toContain('destinationOffice is required');
    expect(refusal({ destinationOffice: 'O00023001', originOffice: 'o1' }).message).toContain('originOffice must be a DIR3 code');
    expect(refusal({ destinationOffice: 'O00023001', annexes: 1.5 }).message).toContain('annexes must be an integer');
    expect(refusal({ destinationOffice: 'O00023001', summary: ' ' }).message).toContain('summary must not be empty');
    expect(refusal({ xml: '' }).message).toContain('xml is empty');
    expect(refusal({}).code).toBe('SIM_BAD_REQUEST');
    expect(() => buildEnvio(checkOriginate({ destinationOffice: 'O00023001', summary: 'x'.repeat(241) }), 1, NOW)).toThrow(/Resumen is 241 characters/);
  });

  it('reads the exchange id of a given fichero without trusting it to parse', () => {
    expect(exchangeIdOf('<x><Identificador_Intercambio> O00012345_26_00000001 </Identificador_Intercambio>')).toBe('O00012345_26_00000001');
    expect(exchangeIdOf('<Fichero_Intercambio_SICRES_3/>')).toBe('');
  });
});
