import path from 'node:path';
import { isPasarelaError } from '../../../src/core/errors';
import { loggableUrl, parseJournalUrl } from '../../../src/journal/dialect';

function configError(url: unknown): Error & { code?: string } {
  try {
    parseJournalUrl(url as string, '/srv/pasarela');
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error(`expected ${String(url)} to be refused`);
}

describe('parseJournalUrl', () => {
  it('resolves a relative SQLite path from the working directory', () => {
    expect(parseJournalUrl('sqlite:data/journal.db', '/srv/pasarela')).toEqual({ kind: 'sqlite', file: '/srv/pasarela/data/journal.db' });
    expect(parseJournalUrl('sqlite:./journal.db', '/srv/pasarela')).toEqual({ kind: 'sqlite', file: '/srv/pasarela/journal.db' });
  });

  it('keeps an absolute SQLite path and normalises it', () => {
    expect(parseJournalUrl('sqlite:/var/lib/pasarela/../pasarela/journal.db')).toEqual({ kind: 'sqlite', file: '/var/lib/pasarela/journal.db' });
  });

  it('uses process.cwd() when no directory is given', () => {
    expect(parseJournalUrl('sqlite:j.db')).toEqual({ kind: 'sqlite', file: path.join(process.cwd(), 'j.db') });
  });

  it('accepts an in-memory SQLite journal', () => {
    expect(parseJournalUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
  });

  it('accepts postgres:// and postgresql:// URLs as they are', () => {
    const url = 'postgres://pasarela:pw@db.internal:5432/pasarela?sslmode=require';
    expect(parseJournalUrl(url)).toEqual({ kind: 'postgres', url });
    expect(parseJournalUrl('postgresql://db/pasarela')).toEqual({ kind: 'postgres', url: 'postgresql://db/pasarela' });
    expect(parseJournalUrl('  postgres://db/pasarela\n')).toEqual({ kind: 'postgres', url: 'postgres://db/pasarela' });
  });

  it.each([
    ['an unknown scheme', 'mysql://root:pw@localhost/db'],
    ['a bare path', '/var/lib/journal.db'],
    ['an empty string', ''],
    ['an SQLite URL without a file', 'sqlite:'],
    ['sqlite:// (ambiguous)', 'sqlite://var/journal.db'],
    ['a NUL byte in the path', 'sqlite:journal\u0000.db'],
    ['a newline inside the path', 'sqlite:jour\nnal.db'],
    ['a PostgreSQL URL that does not parse', 'postgres://user:pa ss@host:notaport/db'],
    ['a scheme-less PostgreSQL address', 'postgres:db.internal/pasarela'],
    ['a value that is not a string', undefined],
    ['a JSON object', '{"url":"postgres://x"}'],
    ['a very long string', 'x'.repeat(100_000)],
  ])('refuses %s as CONFIG_INVALID naming the accepted forms', (_what, url) => {
    const err = configError(url);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('sqlite:<path>');
    expect(err.message).toContain('postgres://');
  });

  it.each([
    'mysql://root:Sup3r-Secret@localhost/db',
    'postgres://user:Sup3r-Secret@host:notaport/db',
    'postgres://user:Sup3r-Secret@ho st/db',
    'redis://:Sup3r-Secret@cache:6379',
    'user:Sup3r-Secret@host/db',
  ])('never shows the password of a refused URL (%s)', (url) => {
    const err = configError(url);
    expect(err.message).not.toContain('Sup3r-Secret');
    expect(JSON.stringify((err as unknown as { details: unknown }).details)).not.toContain('Sup3r-Secret');
  });
});

describe('loggableUrl', () => {
  it('masks the password of a PostgreSQL URL and keeps the rest', () => {
    expect(loggableUrl('postgres://pasarela:s3cret@db:5432/pasarela')).toBe('postgres://pasarela:***@db:5432/pasarela');
  });

  it('masks a password that contains an @', () => {
    const shown = loggableUrl('postgres://u:p@ss@host/db');
    expect(shown).toBe('postgres://u:***@host/db');
    expect(shown).not.toContain('ss@');
  });

  it('masks secret-looking query parameters', () => {
    const shown = loggableUrl('postgres://db/pasarela?password=s3cret&sslmode=require&sslkey=/k.pem');
    expect(shown).not.toContain('s3cret');
    expect(shown).toContain('sslmode=require');
  });

  it('leaves URLs without secrets alone', () => {
    expect(loggableUrl('postgres://postgres@127.0.0.1:5432/postgres')).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(loggableUrl('sqlite:data/journal.db')).toBe('sqlite:data/journal.db');
    expect(loggableUrl('amqp://guest:guest@127.0.0.1:5672/%2F')).toBe('amqp://guest:***@127.0.0.1:5672/%2F');
  });

  it.each([
    ['an unparsable URL', 'postgres://user:pa/ss@host/db', 'pa/ss'],
    ['credentials without a scheme', 'admin:hunter2@db.internal', 'hunter2'],
    ['several @ signs', 'x://a:b@c:d@e@host', 'd@e'],
    ['a password= parameter in an unparsable URL', 'postgres://h:bad port/db?password=hunter2', 'hunter2'],
  ])('masks %s', (_what, url, secret) => {
    expect(loggableUrl(url)).not.toContain(secret);
  });

  it('returns an empty string for a value that is not a string', () => {
    expect(loggableUrl(undefined as unknown as string)).toBe('');
  });
});
