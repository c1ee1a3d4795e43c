import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TenantConfig } from '../../config/types';
import { Errors, PasarelaError, type FieldProblem } from '../../core/errors';
import { resolveProjectFile } from '../../core/paths';

type Env = Record<string, string | undefined>;

/** A secret by reference: the name of an environment variable, or a file holding it. */
export interface SecretRef {
  apiKeyEnv?: string;
  apiKeyFile?: string;
}

/**
 * The embedded default's development API key: pasarela writes a random one here on first use
 * (data/ is git-ignored) and the local simulator accepts what this file holds. Notific@ will not.
 */
export const DEV_API_KEY_FILE = 'data/keys/notifica-dev.apikey';

/**
 * Create the development key file when it is missing; resolves its absolute path. Written to a
 * temporary file and linked into place, so a process that starts at the same time reads either
 * no file or the whole key, and the one whose link loses keeps the winner's key.
 */
export function ensureDevApiKey(file = resolveProjectFile(DEV_API_KEY_FILE)): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, randomBytes(24).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(temp, { force: true });
  }
  return file;
}

/** The secret a reference points at, or a problem naming the variable or file (never the value). */
export function readSecretRef(ref: SecretRef, pointer: string, env: Env = process.env): string | FieldProblem {
  if ((ref.apiKeyEnv === undefined) === (ref.apiKeyFile === undefined)) {
    return { pointer, code: 'CONFIG_INVALID', message: 'set exactly one of apiKeyEnv and apiKeyFile' };
  }
  if (ref.apiKeyEnv !== undefined) {
    const v = (env[ref.apiKeyEnv] ?? '').trim();
    return v !== '' ? v : { pointer: `${pointer}/apiKeyEnv`, code: 'CONFIG_INVALID', message: `the environment variable ${ref.apiKeyEnv} (Notific@ API key) is not set` };
  }
  if (ref.apiKeyFile === DEV_API_KEY_FILE) ensureDevApiKey();
  try {
    const v = readFileSync(resolveProjectFile(ref.apiKeyFile!), 'utf8').trim();
    if (v !== '') return v;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { pointer: `${pointer}/apiKeyFile`, code: 'CONFIG_INVALID', message: `the API key file ${ref.apiKeyFile} cannot be read (${typeof code === 'string' ? code : 'error'})` };
  }
  return { pointer: `${pointer}/apiKeyFile`, code: 'CONFIG_INVALID', message: `the API key file ${ref.apiKeyFile} is empty` };
}

/**
 * Every tenant's Notific@ API key: its own (`tenants[].notifica`) or the connector's default.
 * Read once at start-up; throws CONFIG_INVALID naming each unreadable reference.
 */
export function resolveApiKeys(fallback: SecretRef, tenants: readonly TenantConfig[], env: Env = process.env): Map<string, string> {
  const keys = new Map<string, string>();
  const problems: FieldProblem[] = [];
  const hasDefault = fallback.apiKeyEnv !== undefined || fallback.apiKeyFile !== undefined;
  const byDefault = hasDefault ? readSecretRef(fallback, '/connectors/notifica', env) : undefined;
  if (typeof byDefault === 'object') problems.push(byDefault);
  tenants.forEach((t, i) => {
    const own = t.notifica;
    const key = own ? readSecretRef(own, `/tenants/${i}/notifica`, env) : byDefault;
    if (typeof key === 'string') keys.set(t.code, key);
    else if (own && key) problems.push(key);
  });
  if (problems.length) {
    throw new PasarelaError(Errors.CONFIG_INVALID, 'Invalid configuration:\n  ' + problems.map((p) => `${p.pointer}: ${p.message}`).join('\n  '), { problems });
  }
  return keys;
}
