import { Kysely, Migrator, sql } from 'kysely';
import { TENANT_SCOPES } from '../../../src/core/scopes';
import { createJournal } from '../../../src/journal';
import { createDialect, parseJournalUrl } from '../../../src/journal/dialect';
import type { Journal } from '../../../src/journal/journal';
import { journalMigrations } from '../../../src/journal/migrations';
import { silentLogger } from '../../../src/observability/logger';
import { BACKENDS, type Store } from './stores';

/** A store at the schema of migration 007, as the release before issue 6 left it. */
async function atMigration007(url: string): Promise<Kysely<unknown>> {
  const target = parseJournalUrl(url);
  const db = new Kysely<unknown>({ dialect: createDialect(target, silentLogger()) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => journalMigrations(target.kind) } });
  const { error } = await migrator.migrateTo('007-sir-hop-message');
  if (error !== undefined) throw error;
  return db;
}

describe.each(BACKENDS)('migration 008 on an %s journal from the previous release', (_name, fresh) => {
  let store: Store;
  let old: Kysely<unknown>;
  let journal: Journal;

  beforeEach(async () => {
    store = await fresh();
    old = await atMigration007(store.url);
    journal = createJournal(store.url);
  });
  afterEach(async () => {
    await old.destroy();
    await journal.close();
    await store.dispose();
  });

  it('gives a key made before scopes the five scopes of its time, unbound and with default limits', async () => {
    await sql`insert into api_keys (id, tenant, name, hash, prefix, created_at, revoked_at)
      values ('k-old', 'L02000023', 'old', ${'a'.repeat(64)}, 'psk_old', '2026-01-01T00:00:00.000Z', null)`.execute(old);
    await journal.migrate();
    const key = await journal.findApiKeyByHash('a'.repeat(64));
    expect(key).toMatchObject({ id: 'k-old', scopes: ['registry:write', 'messages:read', 'inbox:read', 'inbox:write', 'sir:proxy'], offices: null, units: null, rateLimit: null, maxBodyBytes: null });
    // Today the lists agree; once a later issue adds a scope, old keys must not have it.
    expect(key!.scopes.every((s) => (TENANT_SCOPES as readonly string[]).includes(s))).toBe(true);
  });
});
