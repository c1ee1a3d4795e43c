import { createHash } from 'node:crypto';

/**
 * How the projection finds a citizen: the SHA-256 hex of the identity document number, upper
 * case, without spaces, dots or dashes. The number itself is never a key, a log field or part of
 * a URL; Carpeta's query sends it in a header and it is hashed on arrival. A lookup key, not a
 * secret: identity numbers can be hashed exhaustively (docs/carpeta.md, "The projection").
 */
export function documentKeyOf(documentNumber: string): string {
  return createHash('sha256').update(documentNumber.toUpperCase().replace(/[\s.-]/g, ''), 'utf8').digest('hex');
}
