import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Run a migration inside a savepoint. kysely runs SQLite migrations without a transaction of its
 * own (ours sit inside the migration lock's transaction, which release commits), so without
 * this a failing migration would leave half its tables behind.
 */
export function atomicMigration(m: Migration): Migration {
  const wrapped: Migration = { up: (db) => inSavepoint(db, () => m.up(db)) };
  if (m.down) {
    const down = m.down;
    wrapped.down = (db) => inSavepoint(db, () => down(db));
  }
  return wrapped;
}

async function inSavepoint(db: Kysely<unknown>, step: () => Promise<void>): Promise<void> {
  await sql.raw('savepoint pasarela_migration').execute(db);
  try {
    await step();
  } catch (e) {
    await sql.raw('rollback to pasarela_migration').execute(db);
    throw e;
  } finally {
    await sql.raw('release pasarela_migration').execute(db);
  }
}
