import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type Kysely,
} from 'kysely';

/** How long a write waits for another connection's write lock, in ms (also SQLite's busy_timeout). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** How long a second migrator waits for the first one, in ms. */
const MIGRATION_LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 20;

/**
 * SQLite for the journal. Every transaction starts with `BEGIN IMMEDIATE`, taken by polling with
 * `busy_timeout = 0` rather than by SQLite's own busy wait: better-sqlite3 waits synchronously,
 * freezing the event loop, so a second connection in the same process could never let the
 * holder commit. Holding the write lock from the start also means no statement inside the
 * transaction ever waits. The adapter uses the same lock for migrations.
 */
export class JournalSqliteDialect extends SqliteDialect {
  readonly #file: string;

  constructor(file: string) {
    super({ database: async () => openSqlite(file) });
    this.#file = file;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#file);
  }

  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(file: string) {
    super({ database: async () => openSqlite(file) });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await beginImmediate((q) => connection.executeQuery(CompiledQuery.raw(q)), SQLITE_BUSY_TIMEOUT_MS);
  }
}

/**
 * kysely's SqliteAdapter takes no migration lock (it assumes one connection), but several
 * processes may share the journal file. This one holds the write lock from acquire to release,
 * so a concurrent migrator waits and then finds the migrations applied.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  #held = false;

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await beginImmediate((q) => sql.raw(q).execute(db), MIGRATION_LOCK_WAIT_MS);
    this.#held = true;
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    await sql.raw('commit').execute(db);
  }
}

async function beginImmediate(exec: (query: string) => Promise<unknown>, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  await exec('pragma busy_timeout = 0');
  try {
    for (;;) {
      try {
        await exec('begin immediate');
        return;
      } catch (e) {
        if (!isBusy(e) || Date.now() >= deadline) throw e;
        await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS + Math.random() * LOCK_POLL_MS));
      }
    }
  } finally {
    await exec(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    // The journal is the system of record: a committed row must survive a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    return withStatementCache(db);
  } catch (e) {
    db.close();
    throw e;
  }
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * kysely prepares every query afresh; the journal runs the same few dozen statements all the
 * time, and preparing costs as much as running them. Statements are only ever run with
 * `all`/`run` (the journal never streams), so one prepared statement can serve every call.
 */
function withStatementCache(db: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      stmt = prepare(source);
      cache.set(source, stmt);
    }
    return stmt;
  }) as Database.Database['prepare'];
  return db;
}
