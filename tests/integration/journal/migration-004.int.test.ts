import { Kysely, Migrator, sql } from 'kysely';
import { createJournal } from '../../../src/journal';
import { createDialect, parseJournalUrl } from '../../../src/journal/dialect';
import type { Journal } from '../../../src/journal/journal';
import { journalMigrations } from '../../../src/journal/migrations';
import { silentLogger } from '../../../src/observability/logger';
import { codeOf } from '../../helpers/errors';
import { BACKENDS, envelope, type Store } from './stores';

/** Bring a fresh store to the schema of migration 003, as a journal of the previous release left it. */
async function atMigration003(url: string): Promise<Kysely<unknown>> {
  const target = parseJournalUrl(url);
  const db = new Kysely<unknown>({ dialect: createDialect(target, silentLogger()) });
  const migrations = journalMigrations(target.kind);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo('003-wssec-replay');
  if (error !== undefined) throw error;
  return db;
}

async function oldMessage(db: Kysely<unknown>, m: { id: string; tenant?: string; key: string | null; status?: string; createdAt: string }): Promise<void> {
  const tenant = m.tenant ?? 'L01280796';
  const status = m.status ?? 'queued';
  await sql`insert into messages (id, tenant, type, route, status, correlation_id, idempotency_key, attempts, created_at, updated_at, envelope)
    values (${m.id}, ${tenant}, 'registry-entry', 'r', ${status}, ${m.id}, ${m.key}, 0, ${m.createdAt}, ${m.createdAt}, '{}')`.execute(db);
  await sql`insert into hops (message_id, at, event, status, attempt, outcome)
    values (${m.id}, ${m.createdAt}, ${status}, ${status}, 0, 'info')`.execute(db);
}

describe.each(BACKENDS)('migration 004 on an %s journal from the previous release', (_name, fresh) => {
  let store: Store;
  let old: Kysely<unknown>;
  let journal: Journal;

  beforeEach(async () => {
    store = await fresh();
    old = await atMigration003(store.url);
    journal = createJournal(store.url);
  });
  afterEach(async () => {
    await old.destroy();
    await journal.close();
    await store.dispose();
  });

  it('renames failed messages and hops to parked and keeps the hop events', async () => {
    await oldMessage(old, { id: 'm-failed', key: null, status: 'failed', createdAt: '2025-12-01T10:00:00.000Z' });
    await oldMessage(old, { id: 'm-delivered', key: null, status: 'delivered', createdAt: '2025-12-01T10:00:01.000Z' });
    await journal.migrate();
    expect((await journal.getMessage('m-failed'))?.status).toBe('parked');
    expect((await journal.getMessage('m-failed'))?.requestHash).toBeNull();
    expect((await journal.getHistory('m-failed')).map((h) => [h.event, h.status])).toEqual([['failed', 'parked']]);
    expect((await journal.getMessage('m-delivered'))?.status).toBe('delivered');
    expect(await journal.countByStatus()).toEqual({ parked: 1, delivered: 1 });
  });

  it('keeps a duplicated Idempotency-Key on the oldest message only and then enforces it', async () => {
    await oldMessage(old, { id: 'm-2', key: 'k', createdAt: '2025-12-01T10:00:02.000Z' });
    await oldMessage(old, { id: 'm-1', key: 'k', createdAt: '2025-12-01T10:00:01.000Z' });
    await oldMessage(old, { id: 'm-3', key: 'k', createdAt: '2025-12-01T10:00:03.000Z' });
    await oldMessage(old, { id: 'm-other-tenant', tenant: 'L01080193', key: 'k', createdAt: '2025-12-01T10:00:04.000Z' });
    await oldMessage(old, { id: 'm-unique', key: 'u', createdAt: '2025-12-01T10:00:05.000Z' });
    await journal.migrate();
    const keys = await Promise.all(['m-1', 'm-2', 'm-3', 'm-other-tenant', 'm-unique'].map(async (id) => (await journal.getMessage(id))?.idempotencyKey));
    expect(keys).toEqual(['k', null, null, 'k', 'u']);
    expect((await journal.findByIdempotencyKey('L01280796', 'k'))?.id).toBe('m-1');
    const repeat = envelope({ idempotencyKey: 'k' });
    expect(await codeOf(journal.insertMessage({ envelope: repeat, route: 'r' }))).toBe('JOURNAL_CONFLICT');
  });
});
