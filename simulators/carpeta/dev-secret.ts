import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveProjectFile } from '../../src/core/paths';

/**
 * The development push secret: `npm run simulators` and the demo verify pushes with what this
 * file holds (data/ is git-ignored), so pasarela's development configuration can sign with the
 * same file. Not a secret anyone else knows: the real Carpeta's security is unconfirmed
 * (reference/notifica-carpeta.md §3.2).
 */
export const DEV_SECRET_FILE = 'data/keys/carpeta-dev.secret';

/**
 * Create the file with 32 random hex characters when it is missing; resolves its absolute path.
 * Written to a temporary file and linked into place, as `ensureDevApiKey` does for Notific@'s
 * key (src/connectors/notifica/keys.ts), so a process starting at the same time reads either no
 * file or the whole secret, and the one whose link loses keeps the winner's secret.
 */
export function ensureDevSecret(file = resolveProjectFile(DEV_SECRET_FILE)): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, randomBytes(16).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(temp, { force: true });
  }
  return file;
}
