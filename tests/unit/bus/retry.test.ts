import { ATTEMPT_HEADER, type BusRoute } from '../../../src/bus/bus';
import { retryMessage } from '../../../src/bus/retry';
import { Errors, isPasarelaError } from '../../../src/core/errors';

const route: BusRoute = { name: 'to-sir', type: 'registry-entry', retryLevelsMs: [1000, 4000], deliveryLimit: 5 };
const envelopeBody = Buffer.from(JSON.stringify({ id: 'a1b2', type: 'registry-entry', payload: {} }));

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return isPasarelaError(err) ? err.code : 'not a PasarelaError';
  }
}

describe('retry messages', () => {
  test('go to the level queue through the default exchange with the body and headers unchanged', () => {
    const msg = retryMessage('pasarela', route, 2, envelopeBody, { [ATTEMPT_HEADER]: 3, 'x-pasarela-tenant': 'L01' }, 2500);
    expect(msg.exchange).toBe('');
    expect(msg.routingKey).toBe('pasarela.to-sir.retry.2');
    expect(msg.body).toBe(envelopeBody);
    expect(msg.properties.headers).toEqual({ [ATTEMPT_HEADER]: 3, 'x-pasarela-tenant': 'L01' });
    expect(msg.properties.expiration).toBe('2500');
  });

  test('keep the envelope id and type as AMQP properties', () => {
    const msg = retryMessage('pasarela', route, 1, envelopeBody, {}, 10);
    expect(msg.messageId).toBe('a1b2');
    expect(msg.properties.type).toBe('registry-entry');
  });

  test('expire after the level TTL at most, and never after a negative time', () => {
    expect(retryMessage('pasarela', route, 1, envelopeBody, {}, 99999).properties.expiration).toBe('1000');
    expect(retryMessage('pasarela', route, 1, envelopeBody, {}, -5).properties.expiration).toBe('0');
    expect(retryMessage('pasarela', route, 1, envelopeBody, {}, 12.6).properties.expiration).toBe('13');
  });

  test('drop the broker delivery count, which would otherwise survive into the work queue', () => {
    const msg = retryMessage('pasarela', route, 1, envelopeBody, { 'x-delivery-count': 4, [ATTEMPT_HEADER]: 2 }, 10);
    expect(msg.properties.headers).toEqual({ [ATTEMPT_HEADER]: 2 });
  });

  test('still get a message id when the body is not an envelope', () => {
    expect(retryMessage('pasarela', route, 1, Buffer.from('not json'), {}, 10).messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test.each([0, 3, 1.5, Number.NaN])('level %p of a two-level route is ROUTE_INVALID', (level) => {
    expect(codeOf(() => retryMessage('pasarela', route, level, envelopeBody, {}, 10))).toBe(Errors.ROUTE_INVALID.code);
  });

  test('an expiration that is not a number is CONFIG_INVALID', () => {
    expect(codeOf(() => retryMessage('pasarela', route, 1, envelopeBody, {}, Number.NaN))).toBe(Errors.CONFIG_INVALID.code);
  });
});
