import { DatabaseError } from 'pg';
import { Errors, PasarelaError, isPasarelaError } from '../core/errors';
import type { DialectKind } from './tables';

/** What went wrong, for the catalog; `undefined` means "not a known driver failure". */
type Verdict = 'conflict' | 'unavailable' | undefined;

const SOCKET_AND_FILE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', 'EPIPE', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EROFS', 'ENOSPC',
]);

const SQLITE_UNAVAILABLE = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_FULL',
  'SQLITE_READONLY', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_PROTOCOL'];

/**
 * PostgreSQL SQLSTATEs meaning "the server cannot serve us now": connection exceptions (08),
 * authorisation (28), insufficient resources (53), shutdown / cannot connect now (57P),
 * missing database (3D000), statement timeout (57014), serialisation failure / deadlock (40).
 */
const PG_UNAVAILABLE = /^(08|28|53|57P|3D000|57014|40001|40P01)/;

export interface DriverErrorContext {
  kind: DialectKind;
  /** What the journal was doing, e.g. `insertMessage`. */
  operation: string;
  /** The loggable (password-free) URL. */
  url: string;
}

/**
 * Translate a driver error into the catalog, at the edge: unique violations become
 * JOURNAL_CONFLICT, lost or refused connections JOURNAL_UNAVAILABLE (retryable), each with the
 * original as `cause`. Catalog errors and unknown errors (bugs) pass through unchanged.
 */
export function toJournalError(e: unknown, ctx: DriverErrorContext): unknown {
  if (isPasarelaError(e)) return e;
  const verdict = classify(e, ctx.kind);
  const details = { operation: ctx.operation, url: ctx.url, driverCode: driverCode(e) ?? null };
  if (verdict === 'conflict') {
    return new PasarelaError(Errors.JOURNAL_CONFLICT, `The journal already holds this record (${ctx.operation})`, { cause: e, details });
  }
  if (verdict === 'unavailable') {
    return new PasarelaError(Errors.JOURNAL_UNAVAILABLE, `The journal at ${ctx.url} is not reachable (${ctx.operation})`, { cause: e, details });
  }
  return e;
}

function classify(e: unknown, kind: DialectKind): Verdict {
  const code = driverCode(e);
  if (code !== undefined) {
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return 'conflict';
    if (SOCKET_AND_FILE_CODES.has(code) || SQLITE_UNAVAILABLE.some((c) => code.startsWith(c))) return 'unavailable';
    if (e instanceof DatabaseError && PG_UNAVAILABLE.test(code)) return 'unavailable';
    return undefined;
  }
  // pg reports a dropped socket, a connect timeout or a closed pool as a plain Error without a
  // code (not a DatabaseError); bugs in our code are TypeErrors and friends, and pass through.
  if (kind === 'postgres' && e instanceof Error && (e.constructor === Error || e instanceof AggregateError)) return 'unavailable';
  return undefined;
}

function driverCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
