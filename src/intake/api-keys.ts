import { createHash, randomBytes } from 'node:crypto';

/** API keys look like `psk_<43 base64url chars>`: 256 random bits, shown once, stored hashed. */
const KEY_PREFIX = 'psk_';

export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6) };
}

/**
 * SHA-256 is enough here: keys are 256-bit random secrets, not passwords, so there is nothing
 * to brute-force, and a fast hash keeps authentication off the hot path.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The key from an `Authorization: Bearer <key>` header, or undefined. */
export function bearerKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S{1,200})\s*$/i.exec(header);
  return m ? m[1] : undefined;
}
