import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import type { Config } from '../config/types';
import { Errors, type FieldProblem, PasarelaError } from '../core/errors';
import { resolveProjectFile } from '../core/paths';

/**
 * The intake listener's TLS settings (`http.tls`, docs/mtls.md), read once at start-up. With
 * `clientCaFile` the server asks for a client certificate but lets a connection without one (or
 * with one that does not verify) through: API-key clients keep working, and only a certificate
 * that chains to that CA is ever looked at (./client-cert.ts reads `socket.authorized`).
 * Not here: key passphrases and PKCS#12 bundles (convert with `openssl pkcs12` first).
 */

type Field = 'certFile' | 'keyFile' | 'clientCaFile';

/** The files' text, checked: PEM certificates, a PEM key that is the certificate's. */
interface TlsFiles {
  cert: string;
  key: string;
  ca?: string;
}

/**
 * The `https` options of the intake server, undefined without `http.tls`. Throws CONFIG_INVALID
 * naming each file that is missing, unreadable or not what it should be (the message names
 * the file, never its content).
 */
export function httpsOptions(config: Config): ServerOptions | undefined {
  const tls = config.http.tls;
  if (!tls) return undefined;
  const files = readTlsFiles(tls);
  if (files.ca === undefined) return { cert: files.cert, key: files.key };
  return { cert: files.cert, key: files.key, ca: files.ca, requestCert: true, rejectUnauthorized: false };
}

function readTlsFiles(tls: NonNullable<Config['http']['tls']>): TlsFiles {
  const problems: FieldProblem[] = [];
  const problem = (field: Field, message: string) => problems.push({ pointer: `config/http/tls/${field}`, code: 'CONFIG_INVALID', message });
  const read = (field: Field, file: string): string | undefined => {
    try {
      return readFileSync(resolveProjectFile(file), 'utf8');
    } catch (e) {
      problem(field, `the file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  };
  const cert = read('certFile', tls.certFile);
  const key = read('keyFile', tls.keyFile);
  const ca = tls.clientCaFile === undefined ? undefined : read('clientCaFile', tls.clientCaFile);
  const certificate = cert === undefined ? undefined : parse(() => new X509Certificate(cert), () => problem('certFile', `${tls.certFile} holds no PEM certificate`));
  const privateKey = key === undefined ? undefined : parse(() => createPrivateKey(key), () => problem('keyFile', `${tls.keyFile} holds no unencrypted PEM private key`));
  if (ca !== undefined) parse(() => new X509Certificate(ca), () => problem('clientCaFile', `${tls.clientCaFile} holds no PEM certificate`));
  if (certificate && privateKey && !matches(certificate, privateKey)) problem('keyFile', `${tls.keyFile} is not the private key of ${tls.certFile}`);
  if (problems.length || cert === undefined || key === undefined) {
    throw new PasarelaError(Errors.CONFIG_INVALID, 'Invalid configuration:\n  ' + problems.map((p) => `${p.pointer}: ${p.message}`).join('\n  '), { problems });
  }
  return { cert, key, ca };
}

function parse<T>(fn: () => T, onError: () => void): T | undefined {
  try {
    return fn();
  } catch {
    onError();
    return undefined;
  }
}

function matches(certificate: X509Certificate, key: KeyObject): boolean {
  try {
    return certificate.checkPrivateKey(key);
  } catch {
    return false;
  }
}
