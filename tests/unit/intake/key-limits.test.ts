import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkDeclaredLength, createKeyRateLimiter, limitBody } from '../../../src/intake/key-limits';
import { codeOf, expectCode } from '../../helpers/errors';
import { TEST_KEY } from './fakes';

describe('per-key rate limit', () => {
  it('allows a burst, then refuses with INTAKE_RATE_LIMITED and the seconds until the next token', () => {
    let now = 0;
    const limiter = createKeyRateLimiter({ perSecond: 2, burst: 3 }, () => now);
    for (let i = 0; i < 3; i++) limiter.take(TEST_KEY);
    try {
      limiter.take(TEST_KEY);
      throw new Error('expected a refusal');
    } catch (e: any) {
      expect(e.code).toBe('INTAKE_RATE_LIMITED');
      expect(e.details.retryAfterSeconds).toBeCloseTo(0.5);
    }
    now = 500;
    expect(() => limiter.take(TEST_KEY)).not.toThrow();
  });

  it("uses the key's own limit over the default, and keeps keys apart", () => {
    const limiter = createKeyRateLimiter({ perSecond: 100, burst: 100 }, () => 0);
    const slow = { ...TEST_KEY, id: 'slow', rateLimit: { perSecond: 1, burst: 1 } };
    limiter.take(slow);
    expectCode(() => limiter.take(slow), 'INTAKE_RATE_LIMITED');
    for (let i = 0; i < 50; i++) expect(() => limiter.take(TEST_KEY)).not.toThrow();
  });
});

describe('per-key rate limit memory', () => {
  it('drops the buckets of idle keys once many keys have been seen', () => {
    let now = 0;
    const limiter = createKeyRateLimiter({ perSecond: 10, burst: 10 }, () => now);
    for (let i = 0; i < 10_000; i++) limiter.take({ ...TEST_KEY, id: `k${i}` });
    expect(limiter.size()).toBe(10_000);
    now = 2_000; // every bucket has refilled: those keys are idle
    limiter.take({ ...TEST_KEY, id: 'newcomer' });
    expect(limiter.size()).toBe(1);
  });
});

describe('per-key body size', () => {
  const small = { ...TEST_KEY, maxBodyBytes: 1024 };

  it('refuses a declared Content-Length over the limit before reading', () => {
    expectCode(() => checkDeclaredLength(small, '1025'), 'INTAKE_BODY_TOO_LARGE');
    expect(() => checkDeclaredLength(small, '1024')).not.toThrow();
    expect(() => checkDeclaredLength(TEST_KEY, '99999999')).not.toThrow();
  });

  it('cuts a streamed body off as soon as it passes the limit', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(200));
    const seen: number[] = [];
    const sink = async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) seen.push(c.length);
    };
    expect(await codeOf(pipeline(Readable.from(chunks), limitBody(1024), sink))).toBe('INTAKE_BODY_TOO_LARGE');
    expect(seen.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1024);
  });
});
