import type { Journal } from '../../../src/journal/journal';
import type { AuditRecord, MessageFilter, MessageSummary } from '../../../src/journal/operations';
import { codeOf } from '../../helpers/errors';
import {
  ALICE, BOB, ROUTE, allPages, delivering, fromNow, nextMillisecond, park, parked, received, replaysOf,
} from './operations-fixtures';
import { BACKENDS, freshJournal, ISO_MS } from './stores';

const OTHER_TENANT = 'L01080193';

const SUMMARY_KEYS = [
  'attempts', 'correlationId', 'createdAt', 'exchangeId', 'id', 'registryNumber', 'replayOf', 'route', 'status', 'tenant', 'type', 'updatedAt',
];

function ids(items: Array<{ id: string }>): string[] {
  return items.map((i) => i.id);
}

/** The same instant as `iso`, written with a +01:00 offset instead of Z. */
function withOffset(iso: string): string {
  return new Date(Date.parse(iso) + 3_600_000).toISOString().replace('Z', '+01:00');
}

describe.each(BACKENDS)('journal operations on %s', (_name, fresh) => {
  let journal: Journal;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ journal, dispose } = await freshJournal(fresh));
  });
  afterEach(() => dispose());

  /** Every row the search finds for `filter`, walking its pages of `limit`. */
  async function searchAll(filter: MessageFilter, limit = 100): Promise<MessageSummary[]> {
    const pages = await allPages((cursor) => journal.operations.searchMessages(filter, { limit, cursor }));
    return pages.flatMap((p) => p.items);
  }

  async function searchIds(filter: MessageFilter): Promise<string[]> {
    return ids(await searchAll(filter));
  }

  async function auditOf(messageId: string): Promise<AuditRecord[]> {
    return (await journal.operations.listAudit({ messageId }, { limit: 100 })).items;
  }

  async function createdAt(id: string): Promise<string> {
    return (await journal.getMessage(id))!.createdAt;
  }

  describe('operators', () => {
    it('creates an operator, finds it by its hash and lists it without the hash', async () => {
      const made = await journal.operations.createOperator({ name: 'alice', role: 'operator', hash: 'a'.repeat(64), prefix: 'pso_aaaa' });
      expect(made).toEqual({ id: expect.any(String), name: 'alice', role: 'operator', prefix: 'pso_aaaa', createdAt: expect.stringMatching(ISO_MS), revokedAt: null });
      expect(await journal.operations.findOperatorByHash('a'.repeat(64))).toEqual(made);
      expect(await journal.operations.findOperatorByHash('b'.repeat(64))).toBeUndefined();
      const listed = await journal.operations.listOperators();
      expect(listed).toEqual([made]);
      expect(listed[0]).not.toHaveProperty('hash');
    });

    it('lists operators oldest first, revoked ones with revokedAt, and never finds a revoked one', async () => {
      const alice = await journal.operations.createOperator({ name: 'alice', role: 'viewer', hash: 'a'.repeat(64), prefix: 'pso_a' });
      const bob = await journal.operations.createOperator({ name: 'bob', role: 'admin', hash: 'b'.repeat(64), prefix: 'pso_b' });
      expect(await journal.operations.revokeOperator(alice.id)).toBe(true);
      expect(await journal.operations.revokeOperator(alice.id)).toBe(false);
      expect(await journal.operations.revokeOperator('no-such-operator')).toBe(false);
      expect(await journal.operations.findOperatorByHash('a'.repeat(64))).toBeUndefined();
      expect(await journal.operations.findOperatorByHash('b'.repeat(64))).toEqual(bob);
      const listed = await journal.operations.listOperators();
      expect(listed).toEqual([{ ...alice, revokedAt: expect.stringMatching(ISO_MS) }, bob]);
      for (const o of listed) expect(Object.keys(o).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'revokedAt', 'role']);
    });

    it('refuses a second operator with the same token hash as a conflict', async () => {
      await journal.operations.createOperator({ name: 'alice', role: 'viewer', hash: 'a'.repeat(64), prefix: 'pso_a' });
      expect(await codeOf(journal.operations.createOperator({ name: 'eve', role: 'admin', hash: 'a'.repeat(64), prefix: 'pso_e' }))).toBe('JOURNAL_CONFLICT');
      expect((await journal.operations.listOperators()).map((o) => o.name)).toEqual(['alice']);
    });
  });

  describe('searchMessages and countMessages', () => {
    it('filters by status, route, tenant and type, each alone and combined, newest first', async () => {
      const a = await received(journal, { route: 'route-a' });
      const b = await parked(journal, { route: 'route-b', envelope: { tenant: OTHER_TENANT } });
      const c = await delivering(journal, { route: 'route-a', envelope: { tenant: OTHER_TENANT, type: 'notification' } });
      expect(await searchIds({})).toEqual([c, b, a]);
      expect(await searchIds({ status: 'parked' })).toEqual([b]);
      expect(await searchIds({ status: 'delivered' })).toEqual([]);
      expect(await searchIds({ route: 'route-a' })).toEqual([c, a]);
      expect(await searchIds({ tenant: OTHER_TENANT })).toEqual([c, b]);
      expect(await searchIds({ type: 'notification' })).toEqual([c]);
      expect(await searchIds({ route: 'route-a', tenant: OTHER_TENANT })).toEqual([c]);
      expect(await searchIds({ route: 'route-a', status: 'received' })).toEqual([a]);
      expect(await searchIds({ route: 'route-b', type: 'notification' })).toEqual([]);
    });

    it('filters on createdAt with from inclusive and to exclusive, in any ISO-8601 form', async () => {
      const a = await received(journal);
      await nextMillisecond();
      const b = await received(journal);
      await nextMillisecond();
      const c = await received(journal);
      const [atA, atB, atC] = [await createdAt(a), await createdAt(b), await createdAt(c)];
      expect(atA < atB && atB < atC).toBe(true);
      expect(await searchIds({ from: atB })).toEqual([c, b]);
      expect(await searchIds({ to: atB })).toEqual([a]);
      expect(await searchIds({ from: atB, to: atC })).toEqual([b]);
      expect(await searchIds({ from: atA, to: atA })).toEqual([]);
      expect(await searchIds({ from: withOffset(atB), to: withOffset(atC) })).toEqual([b]);
      expect(await searchIds({ from: atB, route: 'route-none' })).toEqual([]);
    });

    it('finds a message by q: its id, registry number, exchange id and correlation id', async () => {
      const target = await received(journal, { registryNumber: 'REG-2026-1', exchangeId: 'EX-2026-1', envelope: { correlationId: 'corr-1' } });
      const other = await received(journal, { registryNumber: 'REG-2026-2', exchangeId: 'EX-2026-2', envelope: { correlationId: 'corr-2' } });
      for (const q of [target, 'REG-2026-1', 'EX-2026-1', 'corr-1']) {
        expect(await searchIds({ q })).toEqual([target]);
        expect(await journal.operations.countMessages({ q })).toBe(1);
      }
      expect(await searchIds({ q: other })).toEqual([other]);
    });

    it('finds every message of one correlation id, and combines q with the other fields', async () => {
      const first = await parked(journal, { envelope: { correlationId: 'corr-shared' } });
      const second = await received(journal, { envelope: { correlationId: 'corr-shared' } });
      await received(journal);
      expect(await searchIds({ q: 'corr-shared' })).toEqual([second, first]);
      expect(await searchIds({ q: 'corr-shared', status: 'parked' })).toEqual([first]);
      expect(await searchIds({ q: 'corr-shared', route: 'route-none' })).toEqual([]);
    });

    it("finds a message by the registry number its destination gave it, kept in the SIR exchange", async () => {
      const target = await received(journal, { exchangeId: 'EX-DEST-1' });
      await received(journal, { exchangeId: 'EX-DEST-2' });
      await journal.openExchange({ direction: 'outgoing', exchangeId: 'EX-DEST-1', messageId: target, tenant: 'L01280796', state: 'sent' });
      expect(await searchIds({ q: 'O00002061-2026-000042' })).toEqual([]);
      expect(await journal.moveExchange('outgoing', 'EX-DEST-1', 'sent', 'confirmed', { registryNumber: 'O00002061-2026-000042' }, { event: 'confirmed', outcome: 'ok' })).toBe(true);
      expect(await searchIds({ q: 'O00002061-2026-000042' })).toEqual([target]);
      expect(await journal.operations.countMessages({ q: 'O00002061-2026-000042' })).toBe(1);
    });

    it('answers a q that matches nothing with an empty last page and a count of zero', async () => {
      await received(journal, { registryNumber: 'REG-1' });
      expect(await journal.operations.searchMessages({ q: 'nothing-like-it' }, { limit: 10 })).toEqual({ items: [], nextCursor: null });
      expect(await journal.operations.countMessages({ q: 'nothing-like-it' })).toBe(0);
    });

    it('pages newest first by id, every row exactly once, with a null cursor on the last page', async () => {
      const made: string[] = [];
      for (let i = 0; i < 7; i++) made.push(await received(journal));
      const newestFirst = [...made].reverse();
      const pages = await allPages((cursor) => journal.operations.searchMessages({}, { limit: 3, cursor }));
      expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
      expect(pages.flatMap((p) => ids(p.items))).toEqual(newestFirst);
      expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
      // A page size that divides the rows: the last full page already says there is no more.
      const exact = await allPages((cursor) => journal.operations.searchMessages({}, { limit: 7, cursor }));
      expect(exact).toEqual([{ items: expect.any(Array), nextCursor: null }]);
      expect(ids(exact[0].items)).toEqual(newestFirst);
      const single = await allPages((cursor) => journal.operations.searchMessages({}, { limit: 1, cursor }));
      expect(single.flatMap((p) => ids(p.items))).toEqual(newestFirst);
    });

    it('pages a filtered search without leaking rows the filter excludes', async () => {
      const parkedIds: string[] = [];
      for (let i = 0; i < 5; i++) {
        parkedIds.push(await parked(journal));
        await received(journal);
      }
      const pages = await allPages((cursor) => journal.operations.searchMessages({ status: 'parked' }, { limit: 2, cursor }));
      expect(pages.flatMap((p) => ids(p.items))).toEqual([...parkedIds].reverse());
      expect(pages).toHaveLength(3);
    });

    it('refuses a cursor it did not hand out as a bad request', async () => {
      await received(journal);
      for (const cursor of ['garbage', Buffer.from('not-an-id', 'utf8').toString('base64url'), '']) {
        expect(await codeOf(journal.operations.searchMessages({}, { limit: 10, cursor }))).toBe('ADMIN_BAD_REQUEST');
      }
    });

    it('returns summaries without the envelope or the payload', async () => {
      const id = await parked(journal, { registryNumber: 'REG-9', exchangeId: 'EX-9', envelope: { payload: { subject: 'citizen data' } } });
      const [summary] = (await journal.operations.searchMessages({}, { limit: 10 })).items;
      expect(Object.keys(summary).sort()).toEqual(SUMMARY_KEYS);
      expect(JSON.stringify(summary)).not.toContain('citizen data');
      const row = (await journal.getMessage(id))!;
      expect(summary).toEqual({
        id, tenant: 'L01280796', type: 'registry-entry', route: ROUTE, status: 'parked', correlationId: row.correlationId,
        registryNumber: 'REG-9', exchangeId: 'EX-9', attempts: 1, replayOf: null, createdAt: row.createdAt, updatedAt: row.updatedAt,
      });
    });

    it('counts what the search finds, for every kind of filter', async () => {
      await received(journal, { route: 'route-a', registryNumber: 'REG-A' });
      await parked(journal, { route: 'route-a', envelope: { tenant: OTHER_TENANT } });
      await parked(journal, { route: 'route-b', envelope: { correlationId: 'corr-b' } });
      await delivering(journal, { route: 'route-b', envelope: { type: 'notification', correlationId: 'corr-b' } });
      const filters: MessageFilter[] = [
        {}, { status: 'parked' }, { route: 'route-a' }, { tenant: OTHER_TENANT }, { type: 'notification' }, { q: 'REG-A' }, { q: 'corr-b' },
        { q: 'corr-b', status: 'parked' }, { route: 'route-b', status: 'received' }, { from: fromNow(-3_600_000) }, { to: fromNow(-3_600_000) },
      ];
      for (const filter of filters) {
        expect({ filter, count: await journal.operations.countMessages(filter) }).toEqual({ filter, count: (await searchAll(filter, 2)).length });
      }
      expect(await journal.operations.countMessages({})).toBe(4);
    });
  });

  describe('messageDetail', () => {
    it('shows the history, the parking evidence, the exchanges and the replays of a message', async () => {
      const id = await parked(journal, { exchangeId: 'EX-D-1', code: 'SIR_REJECTED', detail: 'SIR said 0041' });
      await journal.openExchange({ direction: 'outgoing', exchangeId: 'EX-D-1', messageId: id, tenant: 'L01280796', state: 'sent' });
      const made = await journal.operations.replay({ messageId: id, actor: ALICE });
      const detail = (await journal.operations.messageDetail(id))!;
      expect(detail).toMatchObject({ id, status: 'replayed', replayOf: null, exchangeId: 'EX-D-1' });
      expect(detail.history.map((h) => [h.event, h.status])).toEqual([
        ['received', 'received'], ['delivering', 'delivering'], ['parked', 'parked'], ['replayed', 'replayed'],
      ]);
      expect(detail.parked).toEqual([expect.objectContaining({ messageId: id, route: ROUTE, code: 'SIR_REJECTED', detail: 'SIR said 0041' })]);
      expect(detail.exchanges).toEqual([expect.objectContaining({ direction: 'outgoing', exchangeId: 'EX-D-1', messageId: id, state: 'sent' })]);
      expect(detail.replays).toEqual([{ id: made.replayId, status: 'received', createdAt: await createdAt(made.replayId) }]);
      expect(detail).not.toHaveProperty('envelope');
    });

    it('names the original of a replay, and lists the replays of a chain at each link', async () => {
      const id = await parked(journal);
      const first = await journal.operations.replay({ messageId: id, actor: ALICE });
      await journal.transition(first.replayId, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 });
      await park(journal, first.replayId, ROUTE);
      const second = await journal.operations.replay({ messageId: first.replayId, actor: BOB });
      const middle = (await journal.operations.messageDetail(first.replayId))!;
      expect(middle).toMatchObject({ replayOf: id, status: 'replayed', replays: [{ id: second.replayId, status: 'received' }] });
      expect((await journal.operations.messageDetail(second.replayId))!).toMatchObject({ replayOf: first.replayId, replays: [], parked: [], exchanges: [] });
      expect(await replaysOf(journal, id)).toEqual([first.replayId]);
    });

    it('resolves undefined for an unknown message', async () => {
      expect(await journal.operations.messageDetail('01900000-0000-7000-8000-000000000000')).toBeUndefined();
    });
  });

  describe('failures', () => {
    it('groups parked messages by route and code, the latest group first, with the undecodable ones apart', async () => {
      const a1 = await parked(journal, { route: 'route-a', code: 'SIR_REJECTED', detail: 'refusal 1' });
      await nextMillisecond();
      const b1 = await parked(journal, { route: 'route-b', code: 'SIR_REJECTED', detail: 'refusal b' });
      await nextMillisecond();
      const a2 = await parked(journal, { route: 'route-a', code: 'SIR_UNAVAILABLE', detail: 'timeout' });
      await nextMillisecond();
      const a3 = await parked(journal, { route: 'route-a', code: 'SIR_REJECTED', detail: 'refusal 3' });
      await nextMillisecond();
      const poison = await park(journal, null, 'route-c', { code: 'PIPELINE_POISON_MESSAGE', detail: 'not JSON' });
      await delivering(journal, { route: 'route-a' });
      const parkedAt = async (id: string) => (await journal.getParked(id))[0].parkedAt;
      const poisonAt = (await journal.listParked({ route: 'route-c' })).find((p) => p.id === poison)!.parkedAt;
      expect(await journal.operations.failures()).toEqual({
        groups: [
          { route: 'route-a', code: 'SIR_REJECTED', count: 2, firstSeenAt: await parkedAt(a1), lastSeenAt: await parkedAt(a3), lastDetail: 'refusal 3' },
          { route: 'route-a', code: 'SIR_UNAVAILABLE', count: 1, firstSeenAt: await parkedAt(a2), lastSeenAt: await parkedAt(a2), lastDetail: 'timeout' },
          { route: 'route-b', code: 'SIR_REJECTED', count: 1, firstSeenAt: await parkedAt(b1), lastSeenAt: await parkedAt(b1), lastDetail: 'refusal b' },
        ],
        total: 4,
        undecodable: { count: 1, lastSeenAt: poisonAt },
      });
    });

    it('counts only messages still parked: a replayed or a discarded one drops out of its group and its details', async () => {
      const a1 = await parked(journal, { detail: 'refusal 1' });
      await nextMillisecond();
      const a2 = await parked(journal, { detail: 'refusal 2' });
      await nextMillisecond();
      const a3 = await parked(journal, { detail: 'refusal 3' });
      await journal.operations.replay({ messageId: a3, actor: ALICE });
      await journal.operations.discard(a2, ALICE, 'duplicate');
      const at1 = (await journal.getParked(a1))[0].parkedAt;
      expect(await journal.operations.failures()).toEqual({
        groups: [{ route: ROUTE, code: 'SIR_REJECTED', count: 1, firstSeenAt: at1, lastSeenAt: at1, lastDetail: 'refusal 1' }],
        total: 1,
        undecodable: { count: 0, lastSeenAt: null },
      });
      await journal.operations.discard(a1, ALICE, 'obsolete');
      expect(await journal.operations.failures()).toEqual({ groups: [], total: 0, undecodable: { count: 0, lastSeenAt: null } });
    });

    it('counts undecodable evidence apart, without adding it to the group of its route and code', async () => {
      const a1 = await parked(journal, { detail: 'refusal 1' });
      await nextMillisecond();
      await park(journal, null, ROUTE, { code: 'SIR_REJECTED', detail: 'could not decode' });
      await nextMillisecond();
      const undecodableAt = await park(journal, null, ROUTE, { code: 'SIR_REJECTED', detail: 'could not decode either' })
        .then(async (pid) => (await journal.listParked()).find((p) => p.id === pid)!.parkedAt);
      const at1 = (await journal.getParked(a1))[0].parkedAt;
      expect(await journal.operations.failures()).toEqual({
        groups: [{ route: ROUTE, code: 'SIR_REJECTED', count: 1, firstSeenAt: at1, lastSeenAt: at1, lastDetail: 'refusal 1' }],
        total: 1,
        undecodable: { count: 2, lastSeenAt: undecodableAt },
      });
    });
  });

  describe('inFlight', () => {
    it('lists delivering messages, and as stuck every moving one not changed since the threshold, oldest first', async () => {
      const r = await received(journal);
      await nextMillisecond();
      const q = await received(journal, { route: 'route-q' });
      await journal.transition(q, 'queued', { event: 'queued', outcome: 'info' });
      await nextMillisecond();
      const d = await delivering(journal, { envelope: { tenant: OTHER_TENANT } });
      await parked(journal);
      const delivered = await delivering(journal);
      await journal.transition(delivered, 'delivered', { event: 'delivered', outcome: 'ok', attempt: 1 });
      const row = async (id: string) => {
        const m = (await journal.getMessage(id))!;
        return { id, route: m.route, tenant: m.tenant, status: m.status, attempt: m.attempts, since: m.updatedAt };
      };
      const [rowR, rowQ, rowD] = [await row(r), await row(q), await row(d)];
      expect(rowD).toMatchObject({ status: 'delivering', attempt: 1, tenant: OTHER_TENANT });
      expect(await journal.operations.inFlight(fromNow(60_000), 10)).toEqual({ delivering: [rowD], stuck: [rowR, rowQ, rowD] });
      expect(await journal.operations.inFlight(fromNow(-60_000), 10)).toEqual({ delivering: [rowD], stuck: [] });
      expect(await journal.operations.inFlight(fromNow(60_000), 2)).toEqual({ delivering: [rowD], stuck: [rowR, rowQ] });
    });

    it('shows nothing in flight once every message has settled', async () => {
      const id = await delivering(journal);
      await journal.transition(id, 'delivered', { event: 'delivered', outcome: 'ok', attempt: 1 });
      await parked(journal);
      expect(await journal.operations.inFlight(fromNow(60_000), 10)).toEqual({ delivering: [], stuck: [] });
    });
  });

  describe('replay', () => {
    it('moves the original to replayed and inserts the replay as a new received message with the same keys and payload', async () => {
      const id = await parked(journal, {
        route: 'route-r', registryNumber: 'REG-R-1', exchangeId: 'EX-R-1',
        envelope: { tenant: OTHER_TENANT, correlationId: 'corr-r', payload: { subject: 'Licencia' } },
      });
      const original = (await journal.getMessage(id))!;
      expect(original.idempotencyKey).not.toBeNull();
      const made = await journal.operations.replay({ messageId: id, actor: ALICE, reason: 'SIR is back' });
      expect(made).toEqual({ originalId: id, replayId: expect.any(String), route: 'route-r', envelope: expect.objectContaining({ id: made.replayId }) });
      expect(made.replayId).not.toBe(id);

      expect((await journal.getMessage(id))?.status).toBe('replayed');
      expect((await journal.getHistory(id)).at(-1)).toEqual({
        at: expect.stringMatching(ISO_MS), event: 'replayed', status: 'replayed', outcome: 'info', attempt: 1, code: null,
        // Hops are the municipality's to read too: they never name the operator (the audit does).
        detail: `replayed by an operator as ${made.replayId}`,
      });

      const replay = (await journal.getMessage(made.replayId))!;
      expect(replay).toMatchObject({
        id: made.replayId, status: 'received', tenant: OTHER_TENANT, route: 'route-r', type: 'registry-entry', registryNumber: 'REG-R-1',
        exchangeId: 'EX-R-1', correlationId: 'corr-r', idempotencyKey: null, attempts: 0,
      });
      expect(replay.envelope).toEqual(made.envelope);
      expect(replay.envelope.payload).toEqual({ subject: 'Licencia' });
      expect(replay.envelope).toMatchObject({ tenant: OTHER_TENANT, correlationId: 'corr-r', type: 'registry-entry' });
      expect((await journal.operations.messageDetail(made.replayId))?.replayOf).toBe(id);
      expect((await journal.getHistory(made.replayId)).map((h) => [h.event, h.status])).toEqual([['received', 'received']]);
      // The original keeps its Idempotency-Key: a client's repeat still finds it.
      expect((await journal.findByIdempotencyKey(OTHER_TENANT, original.idempotencyKey!))?.id).toBe(id);

      expect(await auditOf(id)).toEqual([{
        id: expect.any(String), at: expect.stringMatching(ISO_MS), operator: ALICE, action: 'replay', messageId: id, jobId: null,
        filter: null, count: 1, reason: 'SIR is back', diff: null,
      }]);
    });

    it('refuses a second replay of the same original and writes nothing more', async () => {
      const id = await parked(journal);
      const made = await journal.operations.replay({ messageId: id, actor: ALICE });
      const before = { history: await journal.getHistory(id), count: await journal.operations.countMessages({}), audit: await auditOf(id) };
      expect(await codeOf(journal.operations.replay({ messageId: id, actor: BOB }))).toBe('ADMIN_NOT_REPLAYABLE');
      expect(await journal.getHistory(id)).toEqual(before.history);
      expect(await journal.operations.countMessages({})).toBe(before.count);
      expect(await auditOf(id)).toEqual(before.audit);
      expect(await replaysOf(journal, id)).toEqual([made.replayId]);
    });

    it('refuses to replay a message that is not parked, and an unknown one as not found', async () => {
      const id = await delivering(journal);
      await journal.transition(id, 'delivered', { event: 'delivered', outcome: 'ok', attempt: 1 });
      const history = await journal.getHistory(id);
      expect(await codeOf(journal.operations.replay({ messageId: id, actor: ALICE }))).toBe('ADMIN_NOT_REPLAYABLE');
      expect(await codeOf(journal.operations.replay({ messageId: await received(journal), actor: ALICE }))).toBe('ADMIN_NOT_REPLAYABLE');
      expect(await codeOf(journal.operations.replay({ messageId: '01900000-0000-7000-8000-000000000000', actor: ALICE }))).toBe('ADMIN_NOT_FOUND');
      expect((await journal.getMessage(id))?.status).toBe('delivered');
      expect(await journal.getHistory(id)).toEqual(history);
      expect(await journal.operations.countMessages({})).toBe(2);
      expect((await journal.operations.listAudit({}, { limit: 10 })).items).toEqual([]);
    });

    it('lets exactly one of five concurrent replays of the same message through', async () => {
      const id = await parked(journal);
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => journal.operations.replay({ messageId: id, actor: ALICE })));
      const made = outcomes.filter((o) => o.status === 'fulfilled');
      expect(made).toHaveLength(1);
      const refused = await Promise.all(outcomes.filter((o) => o.status === 'rejected').map((o) => codeOf(Promise.reject(o.reason))));
      expect(refused).toEqual(Array(4).fill('ADMIN_NOT_REPLAYABLE'));
      expect(await replaysOf(journal, id)).toEqual([made[0].value.replayId]);
      expect((await journal.getHistory(id)).filter((h) => h.event === 'replayed')).toHaveLength(1);
      expect((await auditOf(id)).map((a) => a.action)).toEqual(['replay']);
    });

    it('replays with a corrected payload and keeps the diff in an edit-and-replay audit record', async () => {
      const id = await parked(journal, { envelope: { payload: { subject: 'Licencia de obra', unit: 'X' } } });
      const diff = [{ op: 'replace', path: '/unit', value: 'L01280796-U1' }];
      const made = await journal.operations.replay({ messageId: id, actor: BOB, reason: 'wrong unit', edit: { payload: { subject: 'Licencia de obra', unit: 'L01280796-U1' }, diff } });
      expect(made.envelope.payload).toEqual({ subject: 'Licencia de obra', unit: 'L01280796-U1' });
      expect((await journal.getMessage(made.replayId))?.envelope.payload).toEqual({ subject: 'Licencia de obra', unit: 'L01280796-U1' });
      expect((await journal.getMessage(id))?.envelope.payload).toEqual({ subject: 'Licencia de obra', unit: 'X' });
      expect((await journal.getHistory(id)).at(-1)?.detail).toMatch(/^edited and replayed by an operator as /);
      expect(await auditOf(id)).toEqual([expect.objectContaining({ action: 'edit-and-replay', operator: BOB, messageId: id, reason: 'wrong unit', diff })]);
    });
  });

  describe('discard', () => {
    it('moves a parked message to discarded, keeping the reason in the audit record only (hops are shown to the tenant)', async () => {
      const id = await parked(journal);
      await journal.operations.discard(id, BOB, 'sent by hand');
      expect((await journal.getMessage(id))?.status).toBe('discarded');
      expect((await journal.getHistory(id)).at(-1)).toMatchObject({ event: 'discarded', status: 'discarded', outcome: 'info', detail: 'discarded by an operator' });
      expect(await auditOf(id)).toEqual([expect.objectContaining({ action: 'discard', operator: BOB, messageId: id, reason: 'sent by hand' })]);
      expect(await codeOf(journal.operations.replay({ messageId: id, actor: ALICE }))).toBe('ADMIN_NOT_REPLAYABLE');
    });

    it('refuses a message that is not parked, or no longer, and an unknown one, writing nothing', async () => {
      const live = await delivering(journal);
      const done = await parked(journal);
      await journal.operations.discard(done, BOB, 'first');
      const history = await journal.getHistory(done);
      expect(await codeOf(journal.operations.discard(live, BOB, 'too early'))).toBe('ADMIN_NOT_REPLAYABLE');
      expect(await codeOf(journal.operations.discard(done, BOB, 'again'))).toBe('ADMIN_NOT_REPLAYABLE');
      expect(await codeOf(journal.operations.discard('01900000-0000-7000-8000-000000000000', BOB, 'ghost'))).toBe('ADMIN_NOT_FOUND');
      expect((await journal.getMessage(live))?.status).toBe('delivering');
      expect(await journal.getHistory(done)).toEqual(history);
      expect((await journal.operations.listAudit({}, { limit: 10 })).items.map((a) => a.reason)).toEqual(['first']);
    });
  });

  describe('listAudit', () => {
    it('lists records newest first, filtered by action, operator or message, in pages', async () => {
      const [m1, m2, m3, m4] = [await parked(journal), await parked(journal), await parked(journal), await parked(journal)];
      await journal.operations.audit('view-payload', ALICE, { messageId: m1 });
      await journal.operations.audit('view-payload', BOB, { messageId: m2, reason: 'support ticket' });
      await journal.operations.discard(m3, BOB, 'duplicate');
      await journal.operations.replay({ messageId: m4, actor: ALICE });
      const all = await journal.operations.listAudit({}, { limit: 10 });
      expect(all.nextCursor).toBeNull();
      expect(all.items.map((a) => [a.action, a.operator.name, a.messageId])).toEqual([
        ['replay', 'alice', m4], ['discard', 'bob', m3], ['view-payload', 'bob', m2], ['view-payload', 'alice', m1],
      ]);
      expect(all.items[2]).toMatchObject({ reason: 'support ticket', count: null, diff: null, jobId: null, filter: null, at: expect.stringMatching(ISO_MS) });
      const list = (filter: Parameters<typeof journal.operations.listAudit>[0]) => journal.operations.listAudit(filter, { limit: 10 }).then((p) => ids(p.items));
      expect(await list({ action: 'view-payload' })).toEqual([all.items[2].id, all.items[3].id]);
      expect(await list({ operator: 'bob' })).toEqual([all.items[1].id, all.items[2].id]);
      expect(await list({ messageId: m1 })).toEqual([all.items[3].id]);
      expect(await list({ action: 'discard', operator: 'alice' })).toEqual([]);
      const pages = await allPages((cursor) => journal.operations.listAudit({}, { limit: 1, cursor }));
      expect(pages.map((p) => ids(p.items))).toEqual(all.items.map((a) => [a.id]));
      expect(pages.at(-1)?.nextCursor).toBeNull();
      const byBob = await allPages((cursor) => journal.operations.listAudit({ operator: 'bob' }, { limit: 1, cursor }));
      expect(byBob.flatMap((p) => ids(p.items))).toEqual([all.items[1].id, all.items[2].id]);
    });

    it('refuses a cursor it did not hand out as a bad request', async () => {
      expect(await codeOf(journal.operations.listAudit({}, { limit: 10, cursor: 'garbage' }))).toBe('ADMIN_BAD_REQUEST');
    });
  });
});
