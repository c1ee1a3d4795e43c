import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config/types';
import { readSecret } from '../config/secret-ref';
import { Errors, PasarelaError, type FieldProblem } from '../core/errors';

/** The embedded default's development client token for the pull API, written on first use. */
export const DEV_CARPETA_TOKEN_FILE = 'data/keys/carpeta-dev.token';

/** A client of the pull API (Carpeta Ciudadana, or the portal that plays it), by configured name. */
export interface PullClient {
  name: string;
  /** SHA-256 of its token: compared in constant time, the token itself not kept. */
  digest: Buffer;
}

/** `carpeta.pull.clients` with their tokens read (by reference); CONFIG_INVALID names what is unreadable. */
export function resolvePullClients(config: Config): PullClient[] {
  const clients = config.carpeta?.pull?.clients ?? [];
  const problems: FieldProblem[] = [];
  const out: PullClient[] = [];
  clients.forEach((c, i) => {
    const token = readSecret({ env: c.tokenEnv, file: c.tokenFile, envField: 'tokenEnv', fileField: 'tokenFile', what: 'Carpeta client token', devFile: DEV_CARPETA_TOKEN_FILE }, `/carpeta/pull/clients/${i}`);
    if (typeof token === 'string') out.push({ name: c.name, digest: digestOf(token) });
    else problems.push(token);
  });
  if (problems.length) throw new PasarelaError(Errors.CONFIG_INVALID, 'Invalid configuration:\n  ' + problems.map((p) => `${p.pointer}: ${p.message}`).join('\n  '), { problems });
  return out;
}

/** Clients from tokens already in hand (tests, benchmarks). */
export function pullClientsFromTokens(clients: ReadonlyArray<{ name: string; token: string }>): PullClient[] {
  return clients.map((c) => ({ name: c.name, digest: digestOf(c.token) }));
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The client whose token `authorization` (`Bearer <token>`) carries; undefined when none. */
export function pullClientOf(clients: readonly PullClient[], authorization: string | undefined): PullClient | undefined {
  const m = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(authorization ?? '');
  if (!m) return undefined;
  const digest = digestOf(m[1]);
  // Every client compared, so the time taken says nothing about which one matched.
  let found: PullClient | undefined;
  for (const c of clients) if (timingSafeEqual(c.digest, digest)) found = c;
  return found;
}
