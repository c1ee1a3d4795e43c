import { compileSchema } from '../../../src/config/ajv';
import { sirConfigSchema } from '../../../src/connectors/sir/config';
import { wssecEndpointSchema } from '../../../src/wssec/config';

describe('the per-endpoint WS-Security settings', () => {
  const valid = compileSchema(sirConfigSchema);
  const sir = (wssec: unknown) => valid({ endpoint: 'http://127.0.0.1:8091/x', timeoutMs: 1000, wssec });
  // The generic block; the SIR connector checks its key at init instead, with a message that says what to set.
  const generic = compileSchema(wssecEndpointSchema);

  it('are optional in the SIR schema (the connector then signs by default)', () => {
    expect(valid({ endpoint: 'http://127.0.0.1:8091/x', timeoutMs: 1000 })).toBe(true);
    expect(sir({ sign: false })).toBe(true);
  });

  it('need a key and certificate, or a PKCS#12 file, to sign', () => {
    expect(generic({ sign: true })).toBe(false);
    expect(generic({ sign: true, keyFile: 'k.pem' })).toBe(false);
    expect(generic({ sign: true, keyFile: 'k.pem', certFile: 'c.pem' })).toBe(true);
    expect(generic({ sign: true, p12File: 'a.p12', passphraseEnv: 'PASARELA_P12_PASSPHRASE' })).toBe(true);
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
