import { basicKey, proxyKeyFrom } from '../../../../src/sir/proxy/auth';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const KEY = 'psk_AbCdEf0123456789abcdef0123456789ABCDEFghijk';

describe('reading the API key of a CIR proxy call', () => {
  it('takes the key from Authorization: Bearer <key>', () => {
    expect(proxyKeyFrom(`Bearer ${KEY}`)).toBe(KEY);
  });

  it('takes the key as the password of HTTP Basic, whatever the user name (none included)', () => {
    expect(proxyKeyFrom(`Basic ${b64(`regweb3:${KEY}`)}`)).toBe(KEY);
    expect(proxyKeyFrom(`basic ${b64(`:${KEY}`)}`)).toBe(KEY);
    expect(basicKey(`Basic ${b64(`user:${KEY}`)}`)).toBe(KEY);
  });

  it('finds no key in an absent, empty, non-string or oversized header', () => {
    for (const h of [undefined, '', 42, ['Bearer x'], `Bearer ${'a'.repeat(5000)}`]) expect(proxyKeyFrom(h)).toBeUndefined();
  });

  it('finds no key in a Basic header that is not base64, has no colon, or an empty or spaced password', () => {
    for (const h of ['Basic', 'Basic !!!!', `Basic ${b64('no-colon')}`, `Basic ${b64('user:')}`, `Basic ${b64('user:two words')}`, `Basic ${b64('u:' + 'k'.repeat(300))}`]) {
      expect(proxyKeyFrom(h)).toBeUndefined();
    }
  });

  it('finds no key in other schemes', () => {
    for (const h of ['Digest username="x"', 'Token abc', KEY]) expect(proxyKeyFrom(h)).toBeUndefined();
  });
});
