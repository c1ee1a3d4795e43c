import { ensureDevSecret as ensureSecretFile } from '../../src/config/secret-ref';
import { resolveProjectFile } from '../../src/core/paths';

/**
 * The development push secret: `npm run simulators` and the demo verify pushes with what this
 * file holds (data/ is git-ignored); pasarela's embedded default (connectors.carpeta.secretFile)
 * signs with the same file. Not a secret anyone else knows: the real Carpeta's security is
 * unconfirmed (reference/notifica-carpeta.md §3.2).
 */
export const DEV_SECRET_FILE = 'data/keys/carpeta-dev.secret';

/** Create the file when it is missing (src/config/secret-ref.ts); resolves its absolute path. */
export function ensureDevSecret(file = resolveProjectFile(DEV_SECRET_FILE)): string {
  return ensureSecretFile(file);
}
