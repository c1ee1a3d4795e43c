import { bearerKey, generateApiKey, hashApiKey } from '../../../src/intake/api-keys';

describe('API keys', () => {
  it('are 256-bit random, prefixed, and stored only as a SHA-256 hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^psk_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.key.startsWith(a.prefix)).toBe(true);
    expect(a.prefix.length).toBeLessThan(12);
  });

  it('are read from a Bearer header and nothing else', () => {
    expect(bearerKey('Bearer psk_abc')).toBe('psk_abc');
    expect(bearerKey('bearer psk_abc ')).toBe('psk_abc');
    expect(bearerKey('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerKey('Bearer')).toBeUndefined();
    expect(bearerKey('Bearer a b')).toBeUndefined();
    expect(bearerKey('Bearer ' + 'x'.repeat(500))).toBeUndefined();
    expect(bearerKey(undefined)).toBeUndefined();
  });
});
