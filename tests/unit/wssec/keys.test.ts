import { execFileSync } from 'node:child_process';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isPasarelaError } from '../../../src/core/errors';
import { credentialsFromPem, loadSigningCredentials, type CredentialSource } from '../../../src/wssec/keys';
import { createTestPki, type TestPki } from '../../helpers/pki';

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isPasarelaError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('loading signing credentials', () => {
  let pki: TestPki;
  const ENCRYPTED_PASS = 'pem-secret-value-1234';
  let encryptedKey: string;
  let passFile: string;

  beforeAll(() => {
    pki = createTestPki();
    encryptedKey = path.join(pki.dir, 'leaf.enc.key');
    execFileSync('openssl', ['pkey', '-in', pki.files.leafKey, '-aes256', '-out', encryptedKey, '-passout', 'env:PEM_PASS'], {
      env: { ...process.env, PEM_PASS: ENCRYPTED_PASS }, stdio: 'pipe',
    });
    passFile = path.join(pki.dir, 'p12.pass');
    writeFileSync(passFile, `${pki.p12Passphrase}\n`);
  });
  afterAll(() => pki.remove());

  const expectLeaf = (source: CredentialSource) => {
    const creds = loadSigningCredentials(source);
    expect(creds.privateKey.type).toBe('private');
    expect(creds.certificate.subject).toContain('CN=leaf');
    expect(creds.certificateBase64).toBe(creds.certificate.raw.toString('base64'));
    return creds;
  };

  it('loads a PEM key and certificate as a KeyObject and its certificate', () => {
    expectLeaf({ keyFile: pki.files.leafKey, certFile: pki.files.leafCert });
  });

  it('loads an encrypted PEM key with the passphrase from an environment variable', () => {
    expectLeaf({ keyFile: encryptedKey, certFile: pki.files.leafCert, passphraseEnv: 'KEY_PASS', env: { KEY_PASS: ENCRYPTED_PASS } });
  });

  it('loads a PKCS#12 bundle with the passphrase from an environment variable', () => {
    expectLeaf({ p12File: pki.files.p12, passphraseEnv: 'P12_PASS', env: { P12_PASS: pki.p12Passphrase } });
  });

  it('loads a PKCS#12 bundle with the passphrase from a file', () => {
    expectLeaf({ p12File: pki.files.p12, passphraseFile: passFile });
  });

  it('loads once and returns the cached credentials while the files are unchanged', () => {
    const source = { keyFile: pki.files.leafKey, certFile: pki.files.leafCert };
    const first = loadSigningCredentials(source);
    expect(loadSigningCredentials(source)).toBe(first);
    const later = new Date(Date.now() + 60_000);
    utimesSync(pki.files.leafKey, later, later);
    expect(loadSigningCredentials(source)).not.toBe(first);
  });

  it('refuses a wrong PKCS#12 passphrase with WSSEC_KEY_INVALID, naming the file but not the passphrase', () => {
    const wrong = 'definitely-wrong-passphrase';
    const err = failure(() => loadSigningCredentials({ p12File: pki.files.p12, passphraseEnv: 'P12_PASS', env: { P12_PASS: wrong } }));
    expect(err.code).toBe('WSSEC_KEY_INVALID');
    expect(err.message).toContain(pki.files.p12);
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(pki.p12Passphrase);
  });

  it('refuses a wrong PEM passphrase without revealing it', () => {
    const wrong = 'another-wrong-passphrase';
    const err = failure(() => loadSigningCredentials({ keyFile: encryptedKey, certFile: pki.files.leafCert, passphraseEnv: 'K', env: { K: wrong } }));
    expect(err.code).toBe('WSSEC_KEY_INVALID');
    expect(err.message).toContain(encryptedKey);
    expect(err.message).not.toContain(wrong);
  });

  it('refuses a key that does not match the certificate', () => {
    const err = failure(() => loadSigningCredentials({ keyFile: pki.files.otherKey, certFile: pki.files.leafCert }));
    expect(err.code).toBe('WSSEC_KEY_INVALID');
    expect(err.message).toContain('does not match');
    expect(failure(() => credentialsFromPem(pki.otherKeyPem, pki.leafCertPem)).code).toBe('WSSEC_KEY_INVALID');
  });

  it('refuses a passphrase variable that is not set, and missing files', () => {
    expect(failure(() => loadSigningCredentials({ p12File: pki.files.p12, passphraseEnv: 'NOT_SET', env: {} })).message).toContain('NOT_SET');
    expect(failure(() => loadSigningCredentials({ keyFile: '/nonexistent/key.pem', certFile: pki.files.leafCert })).code).toBe('WSSEC_KEY_INVALID');
    expect(failure(() => loadSigningCredentials({ keyFile: pki.files.leafKey })).code).toBe('WSSEC_KEY_INVALID');
  });

  it('refuses a certificate file that holds no certificate, without echoing its content', () => {
    const err = failure(() => loadSigningCredentials({ keyFile: pki.files.leafKey, certFile: pki.files.leafKey }));
    expect(err.code).toBe('WSSEC_KEY_INVALID');
    expect(err.message).not.toContain('PRIVATE KEY');
  });

  it('builds credentials from PEM text', () => {
    expect(credentialsFromPem(pki.leafKeyPem, pki.leafCertPem).certificate.subject).toContain('CN=leaf');
  });
});
