import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The mutual-TLS test PKI, made with openssl at test time in a temp folder (nothing secret in
 * the repo): a CA, the server's certificate for 127.0.0.1, and client certificates — two the
 * tests map to a tenant, one the CA issued that nobody maps, and a self-signed one carrying the
 * mapped subject (which must count for nothing).
 */

export interface Pem {
  key: string;
  cert: string;
}

export interface MtlsPki {
  dir: string;
  files: { caCert: string; serverCert: string; serverKey: string };
  ca: string;
  mapped: Pem;
  officeBound: Pem;
  unmapped: Pem;
  selfSigned: Pem;
  remove(): void;
}

/** The mapped certificate's subject, as openssl is given it (with two OUs and a non-ASCII value). */
export const MAPPED_SUBJECT = '/C=ES/O=Ayuntamiento de Ejemplo/L=Logroño/OU=Registro/OU=Sede/CN=registro.ayto-ejemplo.es';
export const OFFICE_SUBJECT = '/C=ES/O=Ayuntamiento de Ejemplo/CN=oficina-2.ayto-ejemplo.es';
const UNMAPPED_SUBJECT = '/C=ES/O=Ayuntamiento de Ejemplo/CN=desconocido.ayto-ejemplo.es';

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

export function createMtlsPki(): MtlsPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-mtls-'));
  try {
    writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/C=ES/O=pasarela tests/CN=mTLS Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    const issue = (name: string, subject: string, ext: string) => {
      openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
      openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', `${name}.pem`);
    };
    issue('server', '/CN=127.0.0.1', 'server.ext');
    issue('mapped', MAPPED_SUBJECT, 'client.ext');
    issue('office', OFFICE_SUBJECT, 'client.ext');
    issue('unmapped', UNMAPPED_SUBJECT, 'client.ext');
    openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', MAPPED_SUBJECT);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  const pair = (name: string): Pem => ({ key: read(`${name}.key`), cert: read(`${name}.pem`) });
  return {
    dir,
    files: { caCert: path.join(dir, 'ca.pem'), serverCert: path.join(dir, 'server.pem'), serverKey: path.join(dir, 'server.key') },
    ca: read('ca.pem'), mapped: pair('mapped'), officeBound: pair('office'), unmapped: pair('unmapped'), selfSigned: pair('self'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
