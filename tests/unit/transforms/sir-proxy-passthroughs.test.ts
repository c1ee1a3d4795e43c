import { createEnvelope } from '../../../src/core/envelope';
import { sirControlPassthrough } from '../../../transforms/sir-control-passthrough';
import { sirRelayPassthrough } from '../../../transforms/sir-relay-passthrough';

const envelope = (type: 'sir-relay' | 'sir-control', payload: unknown) =>
  createEnvelope({ type, schemaVersion: 1, tenant: 'L02000023', source: { system: 'test', adapter: 'test' }, payload });

describe('sir-relay-passthrough', () => {
  const good = { kind: 'fichero', xml: '<Fichero_Intercambio_SICRES_3/>', exchangeId: 'O00012345_26_00000001', url: 'http://app.example/ws8b', timeoutMs: 5000 };

  it('hands the connector the relay as it is, and nothing else', () => {
    expect(sirRelayPassthrough.apply(envelope('sir-relay', { ...good, extra: 'x' }) as never)).toEqual({ ...good, tenant: 'L02000023' });
  });

  it('refuses, as TRANSFORM_FAILED, a payload of the wrong shape', () => {
    for (const bad of [null, 'x', { ...good, kind: 'other' }, { ...good, xml: '' }, { ...good, url: 'file:///etc/passwd' }, { ...good, timeoutMs: -1 }, { ...good, exchangeId: 7 }]) {
      expect(() => sirRelayPassthrough.apply(envelope('sir-relay', bad) as never)).toThrow(expect.objectContaining({ code: 'TRANSFORM_FAILED' }));
    }
  });
});

describe('sir-control-passthrough', () => {
  const ack = { originOffice: 'O00009001', destinationOffice: 'O00012345', exchangeId: 'O00012345_26_00000001', type: '01', testIndicator: '0' };

  it('hands the connector a valid control message as it is', () => {
    expect(sirControlPassthrough.apply(envelope('sir-control', ack) as never)).toEqual(ack);
  });

  it('refuses, as TRANSFORM_FAILED, a payload that is not a valid control message', () => {
    for (const bad of [null, 42, { ...ack, type: '09' }, { ...ack, exchangeId: '' }]) {
      expect(() => sirControlPassthrough.apply(envelope('sir-control', bad) as never)).toThrow(expect.objectContaining({ code: 'TRANSFORM_FAILED' }));
    }
  });
});
