import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Errors, PasarelaError } from '../../core/errors';
import { resolveProjectFile } from '../../core/paths';
import { DEV_CERT_FILE, DEV_KEY_FILE } from './security';

/**
 * A development signing pair for the SIR connector: an RSA-2048 key and a self-signed
 * end-entity certificate (CA:FALSE, digitalSignature), made with `openssl` at run time so no
 * key is ever committed. Good for the demo and the local simulator (which pins the certificate);
 * SIR itself will not trust it.
 */

export interface DevCertificate {
  keyFile: string;
  certFile: string;
  /** False when a usable pair was already there and was kept. */
  created: boolean;
}

export interface DevCertificateOptions {
  /** Folder of the pair. @defaultValue the folder of DEV_KEY_FILE (data/keys under the project root) */
  dir?: string;
  /** Replace a pair that is there and still valid. */
  force?: boolean;
  /** Certificate validity. @defaultValue 365 */
  days?: number;
}

/** A lock older than this was left by a process that died while generating. */
const STALE_LOCK_MS = 60_000;

const SUBJECT = '/O=pasarela development/CN=pasarela development signing key (not for production)';
const DAY_MS = 86_400_000;

/** A pair is reused while key and certificate match and the certificate stays valid another day. */
function usable(keyFile: string, certFile: string): boolean {
  if (!existsSync(keyFile) || !existsSync(certFile)) return false;
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    return Date.parse(cert.validTo) > Date.now() + DAY_MS && cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile)));
  } catch {
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Run `fn` holding `lock` (created exclusively), so two processes (two demos, two jest workers
 * sharing a folder) never interleave the key of one pair with the certificate of another.
 */
function withLock<T>(lock: string, fn: () => T): T {
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
      } catch {
        // Released meanwhile: try again.
      }
      sleep(50);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Write (or keep) the development pair in `dir` as `sir-dev.key` (mode 0600) and `sir-dev.pem`.
 * The pair is generated in a temporary sibling folder and moved into place under a lock file.
 * Throws CONFIG_INVALID when openssl is missing or fails.
 */
export function ensureDevCertificate(opts: DevCertificateOptions = {}): DevCertificate {
  const dir = opts.dir ?? path.dirname(resolveProjectFile(DEV_KEY_FILE));
  const keyFile = path.join(dir, path.basename(DEV_KEY_FILE));
  const certFile = path.join(dir, path.basename(DEV_CERT_FILE));
  if (!opts.force && usable(keyFile, certFile)) return { keyFile, certFile, created: false };
  // Only the pair's own folder is private; its parents (e.g. data/) keep the usual mode.
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return withLock(path.join(dir, '.dev-cert.lock'), () => {
    // Another process may have written a pair while this one waited for the lock.
    if (!opts.force && usable(keyFile, certFile)) return { keyFile, certFile, created: false };
    generate(dir, keyFile, certFile, opts.days ?? 365);
    return { keyFile, certFile, created: true };
  });
}

function generate(dir: string, keyFile: string, certFile: string, days: number): void {
  const tmp = mkdtempSync(path.join(dir, '.dev-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', String(days),
      '-keyout', path.join(tmp, 'key'), '-out', path.join(tmp, 'cert'), '-subj', SUBJECT,
      '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    chmodSync(path.join(tmp, 'key'), 0o600);
    renameSync(path.join(tmp, 'key'), keyFile);
    renameSync(path.join(tmp, 'cert'), certFile);
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').split('\n')[0]?.trim();
    const reason = (e as NodeJS.ErrnoException).syscall === 'spawnSync openssl' ? 'openssl is not installed' : stderr || (e as Error).message;
    throw new PasarelaError(Errors.CONFIG_INVALID, `Cannot create the development signing pair in ${dir}: ${reason}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
