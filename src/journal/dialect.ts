import { loggableUrl } from '../core/loggable-url';
import path from 'node:path';
import { PostgresDialect, type Dialect } from 'kysely';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { Errors, PasarelaError } from '../core/errors';
import { JournalSqliteDialect } from './sqlite';

/** Where a journal URL points: an SQLite file (absolute path, or `:memory:`) or a PostgreSQL server. */
export type JournalTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const ACCEPTED_JOURNAL_URLS =
  'sqlite:<path> (relative paths start at the working directory), sqlite::memory:, ' +
  'postgres://user:password@host:port/database or postgresql://…';

const POSTGRES_POOL = {
  max: 10,
  connectionTimeoutMillis: 5000,
  idleTimeoutMillis: 30_000,
  statement_timeout: 30_000,
  idle_in_transaction_session_timeout: 60_000,
  application_name: 'pasarela',
  keepAlive: true,
};

/**
 * Parse a journal URL. Throws CONFIG_INVALID naming the accepted forms; the message shows the URL
 * only through `loggableUrl`.
 */
export function parseJournalUrl(url: string, cwd: string = process.cwd()): JournalTarget {
  if (typeof url !== 'string') throw invalid('The journal URL is missing', '');
  const text = url.trim();
  if (/^sqlite:/i.test(text)) return { kind: 'sqlite', file: sqliteFile(text.slice('sqlite:'.length), text, cwd) };
  if (/^postgres(ql)?:\/\//i.test(text)) {
    if (!URL.canParse(text)) throw invalid('The journal URL is not a valid URL', text);
    return { kind: 'postgres', url: text };
  }
  throw invalid('The journal URL has an unsupported scheme', text);
}

function sqliteFile(rest: string, text: string, cwd: string): string {
  if (rest === ':memory:') return ':memory:';
  if (rest === '') throw invalid('The SQLite journal URL names no file', text);
  // `sqlite://x` would silently mean the absolute path `/x`: make the author say which.
  if (rest.startsWith('//')) throw invalid('Write sqlite:/absolute/path or sqlite:relative/path, not sqlite://', text);
  if (/[\u0000-\u001f]/.test(rest)) throw invalid('The SQLite journal path contains control characters', text);
  return path.resolve(cwd, rest);
}

function invalid(what: string, text: string): PasarelaError {
  const safe = loggableUrl(text);
  const shown = text === '' ? '' : ` ("${safe.length > 200 ? `${safe.slice(0, 200)}…` : safe}")`;
  return new PasarelaError(Errors.CONFIG_INVALID, `${what}${shown}; accepted forms: ${ACCEPTED_JOURNAL_URLS}`, {
    details: { url: text === '' ? null : safe.slice(0, 1000) },
  });
}

/** Build the kysely dialect for a target. Nothing connects until the first query. */
export function createDialect(target: JournalTarget, logger: Logger): Dialect {
  if (target.kind === 'sqlite') return new JournalSqliteDialect(target.file);
  return new PostgresDialect({ pool: async () => createPool(target.url, logger) });
}

function createPool(url: string, logger: Logger): Pool {
  const pool = new Pool({ ...POSTGRES_POOL, connectionString: url });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (err) => {
    logger.warn({ err, url: loggableUrl(url) }, 'An idle journal connection failed; the pool will open a new one');
  });
  return pool;
}

export { loggableUrl };
