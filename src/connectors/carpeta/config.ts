/** Configuration block `connectors.carpeta`: the push variant (docs/carpeta.md). */
export interface CarpetaConfig {
  /** Where each change is POSTed; absent: no push (Carpeta pulls only). */
  url?: string;
  /** false: no push even with a url (a configuration over the embedded default cannot remove keys). @defaultValue true */
  push?: boolean;
  /** The HMAC secret, by reference: an environment variable or a file. */
  secretEnv?: string;
  secretFile?: string;
  timeoutMs?: number;
}

/** The embedded default's development push secret, written on first use; the local simulator reads the same file. */
export const DEV_CARPETA_SECRET_FILE = 'data/keys/carpeta-dev.secret';

export const CARPETA_PUSH_DEFAULTS = { timeoutMs: 10_000 } as const;

export const carpetaConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    url: { type: 'string', pattern: '^https?://', description: "Carpeta's push endpoint; absent: no push." },
    push: { type: 'boolean', description: 'false: push nothing, even with a url (Carpeta pulls only). Default true.' },
    secretEnv: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$', description: 'Environment variable holding the HMAC secret.' },
    secretFile: { type: 'string', minLength: 1, description: 'File holding the HMAC secret (one line), relative to the project root.' },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 600000, description: 'Milliseconds a push may take (default 10000).' },
  },
} as const;
