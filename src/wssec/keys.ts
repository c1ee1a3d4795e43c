import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Errors, PasarelaError } from '../core/errors';
import type { SigningCredentials } from './types';

/**
 * Signing keys and certificates: PEM files, or a PKCS#12 bundle opened with `openssl pkcs12`
 * (Node has no PKCS#12 parser). Passphrases come from an environment variable or a file, never
 * from configuration. Loaded once per (files, modification times, passphrase) and cached as a
 * `KeyObject`. Error messages name the file, never key material or the passphrase.
 */

export interface CredentialSource {
  keyFile?: string;
  certFile?: string;
  p12File?: string;
  /** NAME of the environment variable holding the passphrase (PKCS#12 or encrypted PEM key). */
  passphraseEnv?: string;
  /** Path of a file holding the passphrase (trailing line end ignored). */
  passphraseFile?: string;
  /** Environment to read `passphraseEnv` from. @defaultValue process.env */
  env?: Record<string, string | undefined>;
}

const cache = new Map<string, SigningCredentials>();

/** Loads (once) the credentials described by `opts`. Throws WSSEC_KEY_INVALID. */
export function loadSigningCredentials(opts: CredentialSource): SigningCredentials {
  const passphrase = readPassphrase(opts);
  const key = cacheKey(opts, passphrase);
  const cached = cache.get(key);
  if (cached) return cached;
  const loaded = opts.p12File ? fromPkcs12(opts.p12File, passphrase) : fromPemFiles(opts, passphrase);
  cache.set(key, loaded);
  return loaded;
}

/** Credentials from PEM text: a private key (possibly encrypted) and its certificate. */
export function credentialsFromPem(keyPem: string, certPem: string, passphrase?: string): SigningCredentials {
  return withCertificate(privateKeyFrom(keyPem, passphrase, 'the given PEM key'), certPem, 'the given PEM certificate');
}

function fromPemFiles(opts: CredentialSource, passphrase: string | undefined): SigningCredentials {
  if (!opts.keyFile || !opts.certFile) throw invalid('(none)', 'both keyFile and certFile, or p12File, are required');
  const privateKey = privateKeyFrom(readFile(opts.keyFile, 'key'), passphrase, opts.keyFile);
  return withCertificate(privateKey, readFile(opts.certFile, 'certificate'), opts.certFile);
}

function fromPkcs12(file: string, passphrase: string | undefined): SigningCredentials {
  const VAR = 'PASARELA_PKCS12_PASSPHRASE';
  let pem: string;
  try {
    // The passphrase travels in the child's environment, never on its command line.
    pem = execFileSync('openssl', ['pkcs12', '-in', file, '-nodes', '-passin', `env:${VAR}`], {
      env: { ...process.env, [VAR]: passphrase ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').split('\n')[0]?.trim() ?? '';
    const reason = passphrase && stderr.includes(passphrase) ? 'openssl failed' : stderr || 'openssl failed';
    throw invalid(file, `the PKCS#12 file cannot be opened (${reason}); a wrong passphrase?`);
  }
  const keyPem = pem.match(/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/)?.[0];
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!keyPem || certs.length === 0) throw invalid(file, 'the PKCS#12 file does not hold both a private key and a certificate');
  const privateKey = privateKeyFrom(keyPem, undefined, file);
  // A bundle may carry the chain; the signing certificate is the one matching the key.
  const leaf = certs.find((c) => matches(privateKey, c)) ?? certs[0]!;
  return withCertificate(privateKey, leaf, file);
}

function privateKeyFrom(keyPem: string, passphrase: string | undefined, source: string): KeyObject {
  try {
    return createPrivateKey({ key: keyPem, format: 'pem', passphrase });
  } catch (e) {
    throw invalid(source, `the private key cannot be read (${reasonOf(e)}); a wrong or missing passphrase?`);
  }
}

function withCertificate(privateKey: KeyObject, certPem: string, source: string): SigningCredentials {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch (e) {
    throw invalid(source, `the certificate cannot be read (${reasonOf(e)})`);
  }
  if (!certificate.checkPrivateKey(privateKey)) throw invalid(source, 'the private key does not match the certificate');
  return { privateKey, certificate, certificateBase64: certificate.raw.toString('base64') };
}

function matches(privateKey: KeyObject, certPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(privateKey);
  } catch {
    return false;
  }
}

function readPassphrase(opts: CredentialSource): string | undefined {
  if (opts.passphraseEnv) {
    const value = (opts.env ?? process.env)[opts.passphraseEnv];
    if (value === undefined) throw invalid(opts.p12File ?? opts.keyFile ?? '(none)', `the environment variable ${opts.passphraseEnv} is not set`);
    return value;
  }
  if (opts.passphraseFile) return readFile(opts.passphraseFile, 'passphrase').replace(/\r?\n$/, '');
  return undefined;
}

function readFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw invalid(file, `the ${what} file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function statOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch (e) {
    throw invalid(file, `the file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function cacheKey(opts: CredentialSource, passphrase: string | undefined): string {
  const files = [opts.keyFile, opts.certFile, opts.p12File].map((f) => (f ? `${f}@${statOf(f)}` : ''));
  const secret = passphrase === undefined ? '' : createHash('sha256').update(passphrase).digest('hex');
  return JSON.stringify([...files, secret]);
}

/** The first line of a crypto error, which names the failing step and never holds key bytes. */
function reasonOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unknown error';
}

function invalid(file: string, reason: string): PasarelaError {
  return new PasarelaError(Errors.WSSEC_KEY_INVALID, `Signing credentials from ${file}: ${reason}`, { details: { file } });
}
