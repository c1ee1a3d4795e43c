/**
 * Per-endpoint WS-Security settings, the `wssec` block of a SOAP connector's configuration
 * (e.g. `connectors.sir.wssec`). Secrets are referenced, never inline: key files, and the name
 * of an environment variable or a file holding a PKCS#12 passphrase.
 */
export interface WssecEndpointConfig {
  /** Sign every request (X.509 token profile: Body + Timestamp, RSA-SHA256, exc-c14n). */
  sign: boolean;
  keyFile?: string;
  certFile?: string;
  p12File?: string;
  passphraseEnv?: string;
  passphraseFile?: string;
  /** Timestamp lifetime of what we sign, seconds. @defaultValue 300 */
  ttlSeconds?: number;
  /** Verify the signature of every response before reading it. */
  verifyResponses?: boolean;
  /** Pinned certificates (PEM files) accepted as signers. */
  trustPinnedFiles?: string[];
  /** CA certificates (PEM files) whose issued certificates are accepted as signers. */
  trustCaFiles?: string[];
  /** Allowed clock difference when checking timestamps, seconds. @defaultValue 300 */
  skewSeconds?: number;
  /** Further header elements (local names) signed in our requests and required in verified responses, besides Body and Timestamp. */
  extraReferences?: string[];
}

const file = { type: 'string', minLength: 1 } as const;

/** The properties of a `wssec` block, for connectors that compose their own variant of the schema. */
export const wssecProperties = {
  sign: { type: 'boolean' },
  keyFile: file,
  certFile: file,
  p12File: file,
  passphraseEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  passphraseFile: file,
  ttlSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
  verifyResponses: { type: 'boolean' },
  trustPinnedFiles: { type: 'array', items: file },
  trustCaFiles: { type: 'array', items: file },
  skewSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
  extraReferences: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' } },
} as const;

// Ajv's strictRequired wants each conditionally required property declared next to it.
/** `sign: true` needs a key and certificate, or a PKCS#12 bundle. */
export const wssecSignNeedsKeyRule = {
  if: { properties: { sign: { const: true } }, required: ['sign'] },
  then: {
    anyOf: [
      { properties: { keyFile: true, certFile: true }, required: ['keyFile', 'certFile'] },
      { properties: { p12File: true }, required: ['p12File'] },
    ],
  },
} as const;

/** `verifyResponses: true` needs something to trust. */
export const wssecVerifyNeedsTrustRule = {
  if: { properties: { verifyResponses: { const: true } }, required: ['verifyResponses'] },
  then: {
    anyOf: [
      { properties: { trustPinnedFiles: true }, required: ['trustPinnedFiles'] },
      { properties: { trustCaFiles: true }, required: ['trustCaFiles'] },
    ],
  },
} as const;

/** JSON Schema of `WssecEndpointConfig`, embedded in each SOAP connector's configSchema. */
export const wssecEndpointSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sign'],
  properties: wssecProperties,
  allOf: [wssecSignNeedsKeyRule, wssecVerifyNeedsTrustRule],
} as const;
