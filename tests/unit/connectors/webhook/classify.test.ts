import { classifyStatus, classifyTransportError } from '../../../../src/connectors/webhook/classify';

const TENANT = 'L02000023';

describe('classifying a webhook answer', () => {
  it.each([200, 201, 202, 204, 299])('takes HTTP %i as delivered', (status) => {
    expect(classifyStatus(status, TENANT)).toBeUndefined();
  });

  it.each([408, 429, 500, 502, 503, 504])('retries after HTTP %i (WEBHOOK_UNAVAILABLE, retryable)', (status) => {
    const err = classifyStatus(status, TENANT)!;
    expect(err).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true, details: { service: 'webhook', tenant: TENANT, httpStatus: status } });
  });

  it.each([400, 401, 403, 404, 410, 413, 422])('parks after HTTP %i (WEBHOOK_REFUSED, not retryable)', (status) => {
    expect(classifyStatus(status, TENANT)).toMatchObject({ code: 'WEBHOOK_REFUSED', retryable: false, details: { httpStatus: status } });
  });

  it('refuses a redirect rather than re-sending a signed call elsewhere', () => {
    const err = classifyStatus(302, TENANT)!;
    expect(err).toMatchObject({ code: 'WEBHOOK_REFUSED', retryable: false });
    expect(err.message).toMatch(/redirects are not followed/);
  });

  it('retries every transport failure, naming its code but never the URL', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443 https://hooks.example/x?token=secret'), { code: 'ECONNREFUSED' });
    const err = classifyTransportError(refused, { tenant: TENANT, timedOut: false, timeoutMs: 10000 });
    expect(err).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true, details: { service: 'webhook', tenant: TENANT, transportCode: 'ECONNREFUSED' } });
    expect(err.message).not.toMatch(/hooks\.example|token|10\.0\.0\.1/);
    expect(err.cause).toBe(refused);
  });

  it('says how long it waited when our own deadline ran out', () => {
    const aborted = Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' });
    const err = classifyTransportError(aborted, { tenant: TENANT, timedOut: true, timeoutMs: 2500 });
    expect(err).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true, details: { timeoutMs: 2500 } });
    expect(err.message).toBe(`The webhook of ${TENANT} did not answer within 2500 ms`);
  });

  it('tells an abort from outside (worker deadline or shutdown) from our own time-out', () => {
    const aborted = Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' });
    const err = classifyTransportError(aborted, { tenant: TENANT, timedOut: false, timeoutMs: 2500 });
    expect(err).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true });
    expect(err.message).toMatch(/aborted/);
    expect(err.details.timeoutMs).toBeUndefined();
  });

  it('still gives a coded, retryable error for something thrown without a code', () => {
    expect(classifyTransportError('weird', { tenant: TENANT, timedOut: false, timeoutMs: 1 })).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true });
  });
});
