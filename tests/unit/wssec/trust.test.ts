import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isPasarelaError } from '../../../src/core/errors';
import { createTrustStore, loadTrustStore } from '../../../src/wssec/trust';
import type { TrustStore } from '../../../src/wssec/types';
import { type TestPki, createTestPki } from '../../helpers/pki';

let pki: TestPki;
let leaf: X509Certificate;
let other: X509Certificate;
let expired: X509Certificate;
let now: Date;

/** The catalog code `check` throws, or 'trusted'. */
function verdict(store: TrustStore, cert: X509Certificate, at = now): string {
  try {
    store.check(cert, at);
    return 'trusted';
  } catch (err) {
    if (isPasarelaError(err)) return err.code;
    throw err;
  }
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isPasarelaError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a configuration error');
}

beforeAll(() => {
  pki = createTestPki();
  now = new Date();
  leaf = new X509Certificate(pki.leafCertPem);
  other = new X509Certificate(pki.otherCertPem);
  expired = new X509Certificate(pki.expiredCertPem);
});
afterAll(() => pki.remove());

describe('a trust store of pinned certificates', () => {
  it('trusts a pinned certificate and nothing else', () => {
    const store = createTrustStore({ pinned: [pki.leafCertPem] });
    expect(verdict(store, leaf)).toBe('trusted');
    expect(verdict(store, other)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
  });

  it('does not trust a certificate issued by the CA of a pinned certificate', () => {
    const store = createTrustStore({ pinned: [pki.leafCertPem] });
    expect(verdict(store, expired, new Date(Date.now() - 7 * 86_400_000))).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
  });

  it('refuses a pinned certificate outside its validity dates', () => {
    const store = createTrustStore({ pinned: [pki.leafCertPem, pki.expiredCertPem] });
    expect(verdict(store, expired)).toBe('WSSEC_CERTIFICATE_EXPIRED');
    expect(verdict(store, leaf, new Date(Date.now() + 60 * 86_400_000))).toBe('WSSEC_CERTIFICATE_EXPIRED');
    expect(verdict(store, leaf, new Date(Date.now() - 86_400_000))).toBe('WSSEC_CERTIFICATE_EXPIRED');
  });
});

describe('a trust store of CA certificates', () => {
  it('trusts a certificate the CA issued', () => {
    expect(verdict(createTrustStore({ cas: [pki.caCertPem] }), leaf)).toBe('trusted');
  });

  it('refuses a CA-issued certificate outside its validity dates', () => {
    const store = createTrustStore({ cas: [pki.caCertPem] });
    expect(verdict(store, expired)).toBe('WSSEC_CERTIFICATE_EXPIRED');
  });

  it('refuses certificates of another CA and self-signed ones', () => {
    const otherCa = createTrustStore({ cas: [pki.otherCertPem] });
    expect(verdict(otherCa, leaf)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
    expect(verdict(createTrustStore({ cas: [pki.caCertPem] }), other)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
  });

  it('refuses a certificate whose issuer name is the CA but which another key signed', () => {
    const forged = forgeUnderCaName();
    expect(forged.issuer).toBe(new X509Certificate(pki.caCertPem).subject);
    expect(verdict(createTrustStore({ cas: [pki.caCertPem] }), forged)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
  });

  it('refuses a certificate whose CA is itself outside its validity dates', () => {
    const store = createTrustStore({ cas: [pki.caCertPem] });
    expect(verdict(store, leaf, new Date(Date.now() + 45 * 86_400_000))).toBe('WSSEC_CERTIFICATE_EXPIRED');
  });

  it('answers the same way when asked again about the same certificate object', () => {
    const store = createTrustStore({ cas: [pki.caCertPem] });
    expect([verdict(store, leaf), verdict(store, leaf), verdict(store, other), verdict(store, other)])
      .toEqual(['trusted', 'trusted', 'WSSEC_UNTRUSTED_CERTIFICATE', 'WSSEC_UNTRUSTED_CERTIFICATE']);
  });
});

describe('configuring a trust store', () => {
  it('loads pinned and CA certificates from PEM files, several per file', () => {
    const bundle = path.join(pki.dir, 'bundle.pem');
    writeFileSync(bundle, `${pki.otherCertPem}\n${pki.leafCertPem}`);
    const store = loadTrustStore({ pinnedFiles: [bundle] });
    expect(verdict(store, leaf)).toBe('trusted');
    expect(verdict(store, other)).toBe('trusted');
    expect(verdict(loadTrustStore({ caFiles: [pki.files.caCert] }), leaf)).toBe('trusted');
  });

  it('refuses files that cannot be read or hold no certificate', () => {
    expect(configError(() => loadTrustStore({ pinnedFiles: [path.join(pki.dir, 'missing.pem')] }))).toBe('CONFIG_INVALID');
    expect(configError(() => loadTrustStore({ pinnedFiles: [pki.files.leafKey] }))).toBe('CONFIG_INVALID');
  });

  it('refuses an empty trust store, a CA entry that is not a CA, and a broken certificate', () => {
    expect(configError(() => createTrustStore({}))).toBe('CONFIG_INVALID');
    expect(configError(() => createTrustStore({ cas: [pki.leafCertPem] }))).toBe('CONFIG_INVALID');
    const broken = '-----BEGIN CERTIFICATE-----\nTUlJQ2Jyb2tlbg==\n-----END CERTIFICATE-----';
    expect(configError(() => createTrustStore({ pinned: [broken] }))).toBe('CONFIG_INVALID');
  });
});

/** An attacker's CA with the same name as the test CA, and a certificate it issued. */
function forgeUnderCaName(): X509Certificate {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: pki.dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'fake-ca.key', '-out', 'fake-ca.pem', '-days', '30',
    '-subj', '/C=ES/O=pasarela tests/CN=Test CA', '-addext', 'basicConstraints=critical,CA:TRUE');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'forged.key', '-out', 'forged.csr', '-subj', '/C=ES/O=pasarela tests/CN=forged');
  run('x509', '-req', '-in', 'forged.csr', '-CA', 'fake-ca.pem', '-CAkey', 'fake-ca.key', '-CAcreateserial', '-out', 'forged.pem', '-days', '30');
  return new X509Certificate(readFileSync(path.join(pki.dir, 'forged.pem')));
}

describe('a trust store of CAs, for CA certificates offered as signers', () => {
  it('refuses the configured CA itself as a signer unless it is pinned', () => {
    const ca = new X509Certificate(pki.caCertPem);
    expect(verdict(createTrustStore({ cas: [pki.caCertPem] }), ca)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
    expect(verdict(createTrustStore({ cas: [pki.caCertPem], pinned: [pki.caCertPem] }), ca)).toBe('trusted');
  });
});
