import { Kysely, Migrator, sql, type Migration } from 'kysely';
import { atomicMigration } from '../../../src/journal/migrations/atomic';
import { JournalSqliteDialect } from '../../../src/journal/sqlite';

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely%' order by name`.execute(db);
  return rows.map((r) => r.name);
}

describe('an SQLite migration run under the journal lock', () => {
  let db: Kysely<unknown>;
  beforeEach(() => {
    db = new Kysely<unknown>({ dialect: new JournalSqliteDialect(':memory:') });
  });
  afterEach(() => db.destroy());

  it('leaves nothing of a migration that fails halfway, and keeps the ones before it', async () => {
    const ok: Migration = { up: async (d) => void (await d.schema.createTable('kept').addColumn('id', 'text').execute()) };
    const broken: Migration = {
      up: async (d) => {
        await d.schema.createTable('half').addColumn('id', 'text').execute();
        await sql`this is not sql`.execute(d);
      },
    };
    const migrations = { '001-ok': atomicMigration(ok), '002-broken': atomicMigration(broken) };
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error, results } = await migrator.migrateToLatest();
    expect(error).toBeDefined();
    expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['001-ok', 'Success'], ['002-broken', 'Error']]);
    expect(await tables(db)).toEqual(['kept']);
    // The lock's transaction was committed: the connection takes new work.
    await expect(sql`select 1`.execute(db)).resolves.toBeDefined();
  });
});
