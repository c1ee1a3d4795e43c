import { compileSchema } from '../../../src/config/ajv';
import { sirConfigSchema } from '../../../src/connectors/sir/config';

describe('the per-endpoint WS-Security settings', () => {
  const valid = compileSchema(sirConfigSchema);
  const sir = (wssec: unknown) => valid({ endpoint: 'http://127.0.0.1:8091/x', timeoutMs: 1000, wssec });

  it('are optional: no block means no signing', () => {
    expect(valid({ endpoint: 'http://127.0.0.1:8091/x', timeoutMs: 1000 })).toBe(true);
    expect(sir({ sign: false })).toBe(true);
  });

  it('need a key and certificate, or a PKCS#12 file, to sign', () => {
    expect(sir({ sign: true })).toBe(false);
    expect(sir({ sign: true, keyFile: 'k.pem' })).toBe(false);
    expect(sir({ sign: true, keyFile: 'k.pem', certFile: 'c.pem' })).toBe(true);
    expect(sir({ sign: true, p12File: 'a.p12', passphraseEnv: 'PASARELA_P12_PASSPHRASE' })).toBe(true);
  });

  it('take a passphrase only by reference: an inline passphrase is not a setting', () => {
    expect(sir({ sign: true, p12File: 'a.p12', passphrase: 'secret' })).toBe(false);
    expect(sir({ sign: true, p12File: 'a.p12', passphraseEnv: 'not a name' })).toBe(false);
  });

  it('need a trust store to verify responses', () => {
    expect(sir({ sign: false, verifyResponses: true })).toBe(false);
    expect(sir({ sign: false, verifyResponses: true, trustPinnedFiles: ['sir.pem'] })).toBe(true);
    expect(sir({ sign: false, verifyResponses: true, trustCaFiles: ['ca.pem'], skewSeconds: 120 })).toBe(true);
  });
});
