import { Errors, PasarelaError } from '../../../src/core/errors';
import { redactText } from '../../../src/core/redact';
import { bodyEvidence, lastResponseOf, publicDetail } from '../../../src/pipeline/evidence';
import type { Delivery } from '../../../src/bus/bus';

function delivery(body: Buffer, envelope?: object): Delivery {
  return { envelope: envelope as Delivery['envelope'], body, headers: { 'x-pasarela-attempts': 2 }, redelivered: false, deliveryCount: 0, ack: () => undefined, nack: () => undefined };
}

describe('parking evidence', () => {
  it('masks identity numbers and e-mail addresses a destination echoes back', () => {
    expect(redactText('Interesado 12345678Z, NIE X1234567L, CIF B12345674, mail ana@example.es')).toBe(
      'Interesado [REDACTED], NIE [REDACTED], CIF [REDACTED], mail [REDACTED]',
    );
  });

  it('keeps the answer codes of the last response and drops everything else', () => {
    const err = new PasarelaError(Errors.SIR_REJECTED, 'x', {
      details: { service: 'SIR', sirCode: '0037', sirDescription: 'NIF 12345678Z no valido', exchangeId: 'O00009001_26_00000001', fichero: '<xml/>' },
    });
    expect(JSON.parse(lastResponseOf(err))).toEqual({ code: 'SIR_REJECTED', service: 'SIR', sirCode: '0037', sirDescription: 'NIF [REDACTED] no valido' });
  });

  it('tells the municipality the catalog sentence and SIR\'s own answer', () => {
    const err = new PasarelaError(Errors.SIR_REJECTED, 'internal text with host sir.example', { details: { sirDescription: 'Formato incorrecto' } });
    expect(publicDetail(err)).toBe('SIR rejected the fichero: Formato incorrecto');
  });

  it('keeps a decoded body as JSON text and anything else byte for byte in base64', () => {
    expect(bodyEvidence(delivery(Buffer.from('{"id":"a"}'), { id: 'a' }))).toEqual({ body: '{"id":"a"}', bodyEncoding: 'json', headers: '{"x-pasarela-attempts":2}' });
    const junk = Buffer.from([0xff, 0x00, 0x41]);
    expect(bodyEvidence(delivery(junk))).toMatchObject({ body: junk.toString('base64'), bodyEncoding: 'base64' });
  });
});
