import { ensureDevSecret, readSecret } from '../../config/secret-ref';
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

/** Create the development key file when it is missing; resolves its absolute path (../../config/secret-ref.ts). */
export function ensureDevApiKey(file = resolveProjectFile(DEV_API_KEY_FILE)): string {
  return ensureDevSecret(file);
}

/** The secret a reference points at, or a problem naming the variable or file (never the value). */
export function readSecretRef(ref: SecretRef, pointer: string, env: Env = process.env): string | FieldProblem {
  return readSecret({ env: ref.apiKeyEnv, file: ref.apiKeyFile, envField: 'apiKeyEnv', fileField: 'apiKeyFile', what: 'Notific@ API key', devFile: DEV_API_KEY_FILE }, pointer, env);
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
