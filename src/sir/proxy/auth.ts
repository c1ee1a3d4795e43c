import type { ApiKeyRow, Journal } from '../../journal/journal';
import { bearerKey, hashApiKey } from '../../intake/api-keys';

/** Longest Authorization header read; a real one is far shorter (a key is 47 characters). */
const MAX_HEADER_CHARS = 1024;

/**
 * The password of an `Authorization: Basic <base64(user:password)>` header: the API key, whatever
 * the user name (Axis and CXF clients of registry applications can only send Basic). Undefined
 * when the header is not Basic, not base64, has no `:` or an empty password.
 */
export function basicKey(header: string): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]{1,1000})\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const key = decoded.slice(colon + 1);
  return key.length > 0 && key.length <= 200 && !/\s/.test(key) ? key : undefined;
}

/** The API key a proxy call carries: `Bearer <key>` or HTTP Basic with the key as password. */
export function proxyKeyFrom(header: unknown): string | undefined {
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_HEADER_CHARS) return undefined;
  return bearerKey(header) ?? basicKey(header);
}

export type ProxyAuth = { ok: true; key: ApiKeyRow } | { ok: false; reason: 'missing' | 'invalid' };

/** Look the key up (hashed, active keys only). A journal failure throws: the caller answers a Server fault. */
export async function authenticateProxyCall(journal: Journal, header: unknown): Promise<ProxyAuth> {
  const key = proxyKeyFrom(header);
  if (!key) return { ok: false, reason: 'missing' };
  const row = await journal.findApiKeyByHash(hashApiKey(key));
  return row ? { ok: true, key: row } : { ok: false, reason: 'invalid' };
}
