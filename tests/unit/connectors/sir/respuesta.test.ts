import { PasarelaError } from '../../../../src/core/errors';
import { interpretRespuesta, TRANSIENT_SIR_CODES } from '../../../../src/connectors/sir/respuesta';

const answer = (codigo: unknown, descripcion: unknown = 'texto') => ({ recepcionFicheroDeAplicacionReturn: { codigo, descripcion } });

function failure(result: unknown): PasarelaError {
  try {
    interpretRespuesta(result, 'O00012345_24_00000001');
  } catch (e) {
    return e as PasarelaError;
  }
  throw new Error('no error');
}

describe('interpretRespuesta', () => {
  it('turns 00 into a receipt keyed by the exchange id', () => {
    expect(interpretRespuesta(answer('00', 'Exito'), 'O00012345_24_00000001')).toEqual({
      code: '00', description: 'Exito', keys: { exchangeId: 'O00012345_24_00000001' },
    });
  });

  it('reads xsi:type-annotated values', () => {
    expect(interpretRespuesta(answer({ attributes: {}, $value: '00' }), 'x').code).toBe('00');
  });

  it.each([...TRANSIENT_SIR_CODES])('treats %s as SIR_TRANSIENT (retryable)', (code) => {
    const err = failure(answer(code, 'destino no alcanzable'));
    expect(err.code).toBe('SIR_TRANSIENT');
    expect(err.retryable).toBe(true);
    expect(err.details).toMatchObject({ sirCode: code, sirDescription: 'destino no alcanzable' });
  });

  it('treats 0205 (fichero already at destination) as delivered, marked already received', () => {
    expect(interpretRespuesta(answer('0205', 'FICHERO DUPLICADO'), 'O00009001_26_00000001')).toEqual({
      code: '0205', description: 'FICHERO DUPLICADO', keys: { exchangeId: 'O00009001_26_00000001', alreadyReceived: 'true' },
    });
  });

  it.each(['0037', '0040', '-1', '99'])('treats %s as SIR_REJECTED (not retryable)', (code) => {
    const err = failure(answer(code, 'ERROR EN LA VALIDACION FORMATO XML'));
    expect(err.code).toBe('SIR_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ sirCode: code, sirDescription: 'ERROR EN LA VALIDACION FORMATO XML' });
  });

  it.each([
    ['nothing', undefined], ['an empty object', {}], ['no codigo', answer(undefined)], ['an empty codigo', answer('')],
    ['a codigo that is not text', answer({ nested: 1 })],
  ])('treats an answer with %s as CONNECTOR_BAD_RESPONSE', (_label, result) => {
    expect(failure(result).code).toBe('CONNECTOR_BAD_RESPONSE');
  });
});
