import { Errors, PasarelaError } from '../../../../src/core/errors';
import { classifySoapError } from '../../../../src/connectors/soap/classify-error';

/** Build the shapes node-soap 1.13 throws (see the module comment). */
const transport = (code: string) => Object.assign(new Error(code), { code });
const fault = (faultcode: string, status = 500) => Object.assign(new Error(`${faultcode}: boom`), {
  root: { Envelope: { Body: { Fault: { faultcode, faultstring: 'boom' } } } },
  response: { status },
});
const invalidXml = (status: number) => ({ Fault: { faultcode: 500, faultstring: 'Invalid XML' }, response: { status }, body: 'x' });
const parsedButEmpty = (status: number) => Object.assign(new Error('Cannot parse response'), { response: { status } });

const table: [string, unknown, string, boolean][] = [
  ['connection refused', transport('ECONNREFUSED'), 'CONNECTOR_UNREACHABLE', true],
  ['socket hang up', transport('ECONNRESET'), 'CONNECTOR_UNREACHABLE', true],
  ['host unreachable', transport('EHOSTUNREACH'), 'CONNECTOR_UNREACHABLE', true],
  ['unknown host', transport('ENOTFOUND'), 'CONNECTOR_UNREACHABLE', true],
  ['axios time-out', transport('ECONNABORTED'), 'CONNECTOR_TIMEOUT', true],
  ['socket time-out', transport('ETIMEDOUT'), 'CONNECTOR_TIMEOUT', true],
  ['aborted signal', Object.assign(new Error('canceled'), { code: 'ERR_CANCELED', name: 'CanceledError' }), 'CONNECTOR_TIMEOUT', true],
  ['soap:Server fault over HTTP 500', fault('soap:Server'), 'CONNECTOR_SERVER_ERROR', true],
  ['qualified Server fault subcode', fault('soapenv:Server.userException'), 'CONNECTOR_SERVER_ERROR', true],
  ['soap:Client fault over HTTP 500', fault('soapenv:Client'), 'CONNECTOR_CLIENT_FAULT', false],
  ['SOAP 1.2 Sender fault', fault('env:Sender', 400), 'CONNECTOR_CLIENT_FAULT', false],
  ['other fault code over HTTP 500', fault('soap:MustUnderstand'), 'CONNECTOR_SERVER_ERROR', true],
  ['HTTP 500 with a non-XML body', invalidXml(500), 'CONNECTOR_SERVER_ERROR', true],
  ['HTTP 503 with a non-XML body', invalidXml(503), 'CONNECTOR_SERVER_ERROR', true],
  ['HTTP 404 with a non-XML body', invalidXml(404), 'CONNECTOR_CLIENT_FAULT', false],
  ['HTTP 408', invalidXml(408), 'CONNECTOR_TIMEOUT', true],
  ['HTTP 429', invalidXml(429), 'CONNECTOR_SERVER_ERROR', true],
  ['HTTP 200 with a non-XML body', invalidXml(200), 'CONNECTOR_BAD_RESPONSE', true],
  ['HTTP 200 that parsed to nothing', parsedButEmpty(200), 'CONNECTOR_BAD_RESPONSE', true],
  ['something unknown', new TypeError('x is undefined'), 'CONNECTOR_BAD_RESPONSE', true],
  ['a thrown string', 'weird', 'CONNECTOR_BAD_RESPONSE', true],
];

describe('classifySoapError', () => {
  it.each(table)('classifies %s', (_label, thrown, code, retryable) => {
    const err = classifySoapError(thrown, 'SIR');
    expect(err).toBeInstanceOf(PasarelaError);
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(retryable);
    expect(err.cause).toBe(thrown);
  });

  it('records the facts it decided on, without message text', () => {
    const err = classifySoapError(fault('soap:Server'), 'SIR', { exchangeId: 'X_24_00000001' });
    expect(err.details).toEqual({
      service: 'SIR', httpStatus: 500, faultCode: 'soap:Server', faultString: 'boom', exchangeId: 'X_24_00000001',
    });
    expect(classifySoapError(transport('ECONNREFUSED'), 'SIR').details).toEqual({ service: 'SIR', transportCode: 'ECONNREFUSED' });
  });

  it('passes catalog errors through untouched', () => {
    const original = new PasarelaError(Errors.SIR_REJECTED, 'no', { details: { sirCode: '0037' } });
    expect(classifySoapError(original, 'SIR', { exchangeId: 'x' })).toBe(original);
    expect(original.details).toEqual({ sirCode: '0037' });
  });

  it('knows CONNECTOR_CLIENT_FAULT as a non-retryable catalog entry', () => {
    expect(Errors.CONNECTOR_CLIENT_FAULT).toMatchObject({ code: 'CONNECTOR_CLIENT_FAULT', status: 502, retryable: false });
  });
});
