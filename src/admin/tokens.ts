import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../intake/api-keys';

/**
 * Operator tokens look like `pso_<43 base64url chars>` (256 random bits), shown once and stored
 * hashed, in their own table: a tenant key (`psk_…`) is never an operator token, whatever it holds.
 */
export const OPERATOR_TOKEN_PREFIX = 'pso_';

export function generateOperatorToken(): { token: string; hash: string; prefix: string } {
  const token = OPERATOR_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashOperatorToken(token), prefix: token.slice(0, OPERATOR_TOKEN_PREFIX.length + 6) };
}

/** Same reasoning as API keys: a 256-bit random secret needs no slow hash. */
export function hashOperatorToken(token: string): string {
  return hashApiKey(token);
}
