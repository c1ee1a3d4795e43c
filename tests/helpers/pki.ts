import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Keys and certificates generated at test time with openssl (nothing secret lives in the repo):
 * a CA, a leaf certificate it issued, a self-signed "other" certificate, an expired
 * CA-issued certificate, and a PKCS#12 bundle of the leaf.
 */
export interface TestPki {
  dir: string;
  caCertPem: string;
  leafKeyPem: string;
  leafCertPem: string;
  otherKeyPem: string;
  otherCertPem: string;
  expiredKeyPem: string;
  expiredCertPem: string;
  /** Paths of the same material, for CLIs (xmlsec1, pasarela wssec). */
  files: { caCert: string; leafKey: string; leafCert: string; otherKey: string; otherCert: string; p12: string };
  p12Passphrase: string;
  remove(): void;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-pki-'));
  const subj = (cn: string) => `/C=ES/O=pasarela tests/CN=${cn}`;
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', subj('Test CA'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const issue = (name: string, days: string[]) => {
    openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj(name));
    openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, ...days);
  };
  issue('leaf', ['-days', '30']);
  // Valid from 10 days ago to 5 days ago: already expired. `openssl x509` on OpenSSL 3.0 cannot
  // back-date, `openssl ca` can (it needs a minimal CA folder).
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '1000\n');
  writeFileSync(path.join(dir, 'ca.cnf'), [
    '[ca]', 'default_ca = test', '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'serial = $dir/serial',
    'new_certs_dir = $dir', 'certificate = $dir/ca.pem', 'private_key = $dir/ca.key', 'default_md = sha256',
    'policy = anything', 'unique_subject = no', '[anything]', 'commonName = supplied', '',
  ].join('\n'));
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', subj('expired'));
  openssl(dir, 'ca', '-batch', '-config', 'ca.cnf', '-in', 'expired.csr', '-out', 'expired.pem', '-notext',
    '-startdate', dateOffset(-10), '-enddate', dateOffset(-5));
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '30', '-subj', subj('other'));
  const p12Passphrase = 'test-passphrase-' + process.pid;
  openssl(dir, 'pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-out', 'leaf.p12', '-passout', `pass:${p12Passphrase}`);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  const files = {
    caCert: path.join(dir, 'ca.pem'), leafKey: path.join(dir, 'leaf.key'), leafCert: path.join(dir, 'leaf.pem'),
    otherKey: path.join(dir, 'other.key'), otherCert: path.join(dir, 'other.pem'), p12: path.join(dir, 'leaf.p12'),
  };
  return {
    dir, files, p12Passphrase,
    caCertPem: read('ca.pem'), leafKeyPem: read('leaf.key'), leafCertPem: read('leaf.pem'),
    otherKeyPem: read('other.key'), otherCertPem: read('other.pem'),
    expiredKeyPem: read('expired.key'), expiredCertPem: read('expired.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** YYYYMMDDHHMMSSZ, `days` from now, for `openssl ca -startdate/-enddate`. */
function dateOffset(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}
