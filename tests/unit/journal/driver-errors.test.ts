import { DatabaseError } from 'pg';
import { Errors, PasarelaError } from '../../../src/core/errors';
import { toJournalError } from '../../../src/journal/driver-errors';

const pg = { kind: 'postgres' as const, operation: 'insertMessage', url: 'postgres://u:***@db/p' };
const sqlite = { kind: 'sqlite' as const, operation: 'insertMessage', url: 'sqlite:/j.db' };

function withCode<E extends Error>(e: E, code: string): E {
  return Object.assign(e, { code });
}

function pgError(code: string): DatabaseError {
  return withCode(new DatabaseError('server said no', 0, 'error'), code);
}

describe('toJournalError', () => {
  it.each([
    ['a PostgreSQL unique violation', pgError('23505'), pg],
    ['an SQLite primary key violation', withCode(new Error('UNIQUE constraint failed'), 'SQLITE_CONSTRAINT_PRIMARYKEY'), sqlite],
    ['an SQLite unique violation', withCode(new Error('UNIQUE constraint failed'), 'SQLITE_CONSTRAINT_UNIQUE'), sqlite],
  ])('turns %s into JOURNAL_CONFLICT keeping the cause', (_what, e, ctx) => {
    const out = toJournalError(e, ctx) as PasarelaError;
    expect(out.code).toBe('JOURNAL_CONFLICT');
    expect(out.cause).toBe(e);
    expect(out.details).toMatchObject({ operation: 'insertMessage', driverCode: (e as { code: string }).code });
  });

  it.each([
    ['a refused connection', withCode(new Error('connect ECONNREFUSED'), 'ECONNREFUSED'), pg],
    ['a reset connection', withCode(new Error('read ECONNRESET'), 'ECONNRESET'), pg],
    ['an admin shutdown', pgError('57P01'), pg],
    ['a missing database', pgError('3D000'), pg],
    ['too many connections', pgError('53300'), pg],
    ['a statement timeout', pgError('57014'), pg],
    ['a connection exception', pgError('08006'), pg],
    ['pg losing its socket (a plain Error)', new Error('Connection terminated unexpectedly'), pg],
    ['a busy SQLite file', withCode(new Error('database is locked'), 'SQLITE_BUSY'), sqlite],
    ['an SQLite I/O error', withCode(new Error('disk I/O error'), 'SQLITE_IOERR_WRITE'), sqlite],
    ['an SQLite file that cannot be opened', withCode(new Error('unable to open'), 'SQLITE_CANTOPEN'), sqlite],
    ['a folder that cannot be created', withCode(new Error('EACCES'), 'EACCES'), sqlite],
  ])('turns %s into retryable JOURNAL_UNAVAILABLE keeping the cause', (_what, e, ctx) => {
    const out = toJournalError(e, ctx) as PasarelaError;
    expect(out.code).toBe('JOURNAL_UNAVAILABLE');
    expect(out.retryable).toBe(true);
    expect(out.cause).toBe(e);
    expect(out.message).toContain(ctx.url);
  });

  it.each([
    ['a PostgreSQL syntax error', pgError('42601'), pg],
    ['an SQLite foreign key violation', withCode(new Error('FOREIGN KEY constraint failed'), 'SQLITE_CONSTRAINT_FOREIGNKEY'), sqlite],
    ['a TypeError from our own code', new TypeError('x is undefined'), pg],
    ['a plain Error on SQLite', new Error('bug'), sqlite],
    ['a thrown string', 'oops', pg],
    ['null', null, sqlite],
  ])('lets %s through unchanged', (_what, e, ctx) => {
    expect(toJournalError(e, ctx)).toBe(e);
  });

  it('lets catalog errors through unchanged', () => {
    const e = new PasarelaError(Errors.INTAKE_NOT_FOUND, 'no such message');
    expect(toJournalError(e, pg)).toBe(e);
  });
});
