import { sql, type Kysely } from 'kysely';
import type { Envelope } from '../../../src/core/envelope';
import { createJournal } from '../../../src/journal';
import type { Journal } from '../../../src/journal/journal';
import { codeOf } from '../../helpers/errors';
import { ALICE, ROUTE, atMigration, park, received, replaysOf } from './operations-fixtures';
import { BACKENDS, envelope, type Store } from './stores';

const AT = '2026-01-15T09:30:00.000Z';

/** A message row as the release before issue 7 wrote it (no replay_of), with its first hop. */
async function oldMessage(db: Kysely<unknown>, e: Envelope, status: string, exchangeId: string): Promise<void> {
  await sql`insert into messages (id, tenant, type, route, status, correlation_id, registry_number, exchange_id, idempotency_key, request_hash, attempts, created_at, updated_at, envelope)
    values (${e.id}, ${e.tenant}, ${e.type}, ${ROUTE}, ${status}, ${e.correlationId}, ${`REG-${exchangeId}`}, ${exchangeId}, ${e.idempotencyKey}, null, 1, ${AT}, ${AT}, ${JSON.stringify(e)})`.execute(db);
  await sql`insert into hops (message_id, at, event, status, attempt, outcome) values (${e.id}, ${AT}, ${status}, ${status}, 1, 'info')`.execute(db);
}

describe.each(BACKENDS)('migration 009 on an %s journal from the previous release', (_name, fresh) => {
  let store: Store;
  let old: Kysely<unknown>;
  let journal: Journal;
  let parkedOld: Envelope;
  let deliveredOld: Envelope;

  beforeEach(async () => {
    store = await fresh();
    old = await atMigration(store.url, '008-key-grants');
    parkedOld = envelope();
    deliveredOld = envelope();
    await oldMessage(old, parkedOld, 'parked', 'EX-OLD-1');
    await oldMessage(old, deliveredOld, 'delivered', 'EX-OLD-2');
    await sql`insert into sir_exchanges (direction, exchange_id, message_id, tenant, state, registry_number, resends, created_at, updated_at)
      values ('outgoing', 'EX-OLD-2', ${deliveredOld.id}, ${deliveredOld.tenant}, 'confirmed', 'O00002061-2026-000007', 0, ${AT}, ${AT})`.execute(old);
    journal = createJournal(store.url);
    await journal.migrate();
  });
  afterEach(async () => {
    await old.destroy();
    await journal.close();
    await store.dispose();
  });

  it('gives every existing message a null replayOf and finds it by its business keys', async () => {
    for (const id of [parkedOld.id, deliveredOld.id]) {
      expect(await journal.operations.messageDetail(id)).toMatchObject({ id, replayOf: null, replays: [] });
    }
    const { items } = await journal.operations.searchMessages({}, { limit: 10 });
    expect(items.map((m) => [m.id, m.replayOf]).sort()).toEqual([[parkedOld.id, null], [deliveredOld.id, null]].sort());
    expect((await journal.operations.searchMessages({ q: 'EX-OLD-1' }, { limit: 10 })).items.map((m) => m.id)).toEqual([parkedOld.id]);
    expect((await journal.operations.searchMessages({ q: 'O00002061-2026-000007' }, { limit: 10 })).items.map((m) => m.id)).toEqual([deliveredOld.id]);
    expect(await journal.operations.listOperators()).toEqual([]);
    expect((await journal.operations.listAudit({}, { limit: 10 })).items).toEqual([]);
  });

  it('keeps the exchange id unique among messages that are not replays', async () => {
    expect(await codeOf(journal.insertMessage({ envelope: envelope(), route: ROUTE, exchangeId: 'EX-OLD-2' }))).toBe('JOURNAL_CONFLICT');
    await received(journal, { exchangeId: 'EX-NEW-1' });
    expect(await codeOf(journal.insertMessage({ envelope: envelope(), route: ROUTE, exchangeId: 'EX-NEW-1' }))).toBe('JOURNAL_CONFLICT');
    // Messages without an exchange id stay allowed any number of times.
    await received(journal);
    await received(journal);
    expect(await journal.operations.countMessages({})).toBe(5);
  });

  it("lets a replay share its original's exchange id, down a chain of replays, and still refuses a new message with it", async () => {
    const first = await journal.operations.replay({ messageId: parkedOld.id, actor: ALICE, reason: 'after the upgrade' });
    expect((await journal.getMessage(first.replayId))?.exchangeId).toBe('EX-OLD-1');
    await journal.transition(first.replayId, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 });
    await park(journal, first.replayId, ROUTE);
    const second = await journal.operations.replay({ messageId: first.replayId, actor: ALICE });
    expect((await journal.getMessage(second.replayId))?.exchangeId).toBe('EX-OLD-1');
    expect((await journal.operations.searchMessages({ q: 'EX-OLD-1' }, { limit: 10 })).items.map((m) => m.id)).toEqual([second.replayId, first.replayId, parkedOld.id]);
    expect(await replaysOf(journal, parkedOld.id)).toEqual([first.replayId]);
    expect(await codeOf(journal.insertMessage({ envelope: envelope(), route: ROUTE, exchangeId: 'EX-OLD-1' }))).toBe('JOURNAL_CONFLICT');
  });

  it('is applied once: migrating again changes nothing', async () => {
    await journal.migrate();
    expect(await journal.operations.countMessages({ status: 'parked' })).toBe(1);
    expect(await codeOf(journal.insertMessage({ envelope: envelope(), route: ROUTE, exchangeId: 'EX-OLD-1' }))).toBe('JOURNAL_CONFLICT');
  });
});
