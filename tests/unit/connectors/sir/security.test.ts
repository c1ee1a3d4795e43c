import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileSchema } from '../../../../src/config/ajv';
import { loadConfig } from '../../../../src/config/load';
import { assertSirConfig, sirConfigSchema, type SirConfig } from '../../../../src/connectors/sir/config';
import { ensureDevCertificate } from '../../../../src/connectors/sir/dev-cert';
import { DEV_CERT_FILE, DEV_KEY_FILE, effectiveWssec } from '../../../../src/connectors/sir/security';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';

const endpoint = 'http://127.0.0.1:8091/CIR_P2P/services/WS_SIR6_B';
const everyFileExists = () => true;
const noFileExists = () => false;

function refusal(fn: () => unknown): PasarelaError {
  try {
    fn();
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the embedded SIR configuration', () => {
  const sir = loadConfig({ env: {} }).connectors.sir as unknown as SirConfig;

  it('sends literal bodies and signs with the development pair under data/keys', () => {
    expect(sir.style).toBe('literal');
    expect(sir.wssec).toMatchObject({ sign: true, keyFile: DEV_KEY_FILE, certFile: DEV_CERT_FILE });
  });
});

describe('the effective WS-Security settings of the SIR endpoints', () => {
  it('sign when the configuration does not mention wssec at all, and then demand a key', () => {
    const e = refusal(() => effectiveWssec({}, everyFileExists));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('no signing key is configured');
    expect(e.message).toContain('connectors.sir.wssec.keyFile and connectors.sir.wssec.certFile');
    expect(e.message).toContain('connectors.sir.wssec.p12File');
    expect(e.message).toContain('connectors.sir.wssec.sign: false');
    expect(e.message).toContain('pasarela sir dev-cert');
  });

  it('sign when sign is left out of a wssec block that names a key', () => {
    expect(effectiveWssec({ wssec: { keyFile: 'k.pem', certFile: 'c.pem' } }, everyFileExists)).toMatchObject({ sign: true, keyFile: 'k.pem' });
  });

  it('send unsigned only when sign is false, without any key', () => {
    expect(effectiveWssec({ wssec: { sign: false } }, noFileExists)).toEqual({ sign: false });
  });

  it('take a PKCS#12 bundle over the key and certificate of the embedded defaults', () => {
    const wssec = { sign: true, keyFile: DEV_KEY_FILE, certFile: DEV_CERT_FILE, p12File: '/etc/pasarela/sir.p12' };
    expect(effectiveWssec({ wssec }, noFileExists).p12File).toBe('/etc/pasarela/sir.p12');
  });

  it('refuse half a PEM pair, saying which half is missing', () => {
    expect(refusal(() => effectiveWssec({ wssec: { keyFile: 'k.pem' } }, everyFileExists)).message).toContain('keyFile is set without certFile');
    expect(refusal(() => effectiveWssec({ wssec: { certFile: 'c.pem' } }, everyFileExists)).message).toContain('certFile is set without keyFile');
  });

  it('refuse the development pair while it has not been created, pointing at pasarela sir dev-cert', () => {
    const e = refusal(() => effectiveWssec({ wssec: { sign: true, keyFile: DEV_KEY_FILE, certFile: DEV_CERT_FILE } }, noFileExists));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('does not exist yet');
    expect(e.message).toContain('pasarela sir dev-cert');
  });

  it('leave a missing key file of your own to the key loader (WSSEC_KEY_INVALID, naming the file)', () => {
    expect(effectiveWssec({ wssec: { keyFile: '/nonexistent/k.pem', certFile: '/nonexistent/c.pem' } }, noFileExists).sign).toBe(true);
  });
});

describe('the SIR connector schema', () => {
  const validate = compileSchema(sirConfigSchema);

  it('accepts no wssec, a wssec without sign, and both styles', () => {
    expect(validate({ endpoint, timeoutMs: 1000 })).toBe(true);
    expect(validate({ endpoint, timeoutMs: 1000, wssec: { keyFile: 'k', certFile: 'c' } })).toBe(true);
    expect(validate({ endpoint, timeoutMs: 1000, style: 'encoded' })).toBe(true);
    expect(validate({ endpoint, timeoutMs: 1000, style: 'literal', wssec: { sign: false } })).toBe(true);
  });

  it('refuses another style, an unknown wssec setting, and response verification with nothing to trust', () => {
    expect(validate({ endpoint, timeoutMs: 1000, style: 'document' })).toBe(false);
    expect(validate({ endpoint, timeoutMs: 1000, wssec: { password: 'x' } })).toBe(false);
    expect(validate({ endpoint, timeoutMs: 1000, wssec: { sign: false, verifyResponses: true } })).toBe(false);
  });

  it('is enforced at init too for callers that skip the schema', () => {
    const e = refusal(() => assertSirConfig({ endpoint, timeoutMs: 1000, style: 'document' as never }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain("style must be 'literal' or 'encoded'");
  });
});

describe('the development signing pair', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-dev-cert-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is a private key readable by its owner only and a matching self-signed end-entity certificate', () => {
    const pair = ensureDevCertificate({ dir });
    expect(pair).toEqual({ keyFile: path.join(dir, 'sir-dev.key'), certFile: path.join(dir, 'sir-dev.pem'), created: true });
    expect(statSync(pair.keyFile).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(readFileSync(pair.certFile));
    expect(cert.ca).toBe(false);
    expect(cert.subject).toContain('not for production');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(pair.keyFile)))).toBe(true);
  });

  it('is kept when it is there and valid, and replaced when forced', () => {
    const first = ensureDevCertificate({ dir });
    const cert = readFileSync(first.certFile, 'utf8');
    expect(ensureDevCertificate({ dir }).created).toBe(false);
    expect(readFileSync(first.certFile, 'utf8')).toBe(cert);
    expect(ensureDevCertificate({ dir, force: true }).created).toBe(true);
    expect(readFileSync(first.certFile, 'utf8')).not.toBe(cert);
  });

  it('is made again when its certificate is about to expire', () => {
    ensureDevCertificate({ dir, days: 1 });
    expect(ensureDevCertificate({ dir }).created).toBe(true);
  });
});
