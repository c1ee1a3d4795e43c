import { createHash } from 'node:crypto';
import type { ExpedienteUpdate, ProjectOutcome } from '../../../src/journal/expedientes';
import { FINISHED_STATES } from '../../../src/journal/expedientes';
import type { Journal } from '../../../src/journal/journal';
import { BACKENDS, envelope, freshJournal } from './stores';

const TENANT = 'L01280796';
const OTHER_TENANT = 'L02000023';

const keyOf = (documentNumber: string) => createHash('sha256').update(documentNumber, 'utf8').digest('hex');
const HOLDER = keyOf('99000003E');
const REPRESENTATIVE = keyOf('B99000077');

let counter = 0;
/** A fresh ENI identifier of `unit`, unique in this run. */
function newExpediente(unit = TENANT): string {
  counter += 1;
  return `ES_${unit}_2026_EXP_T${process.pid}N${counter}`;
}

function update(expediente: string, messageId: string, sequence: number, over: Partial<ExpedienteUpdate> = {}): ExpedienteUpdate {
  const tenant = over.tenant ?? TENANT;
  return {
    messageId, tenant, expediente, managingUnit: tenant, procedure: { code: '994471', name: 'Subvenciones para actividades culturales' },
    title: `Solicitud ${expediente}`, state: 'in-progress', phase: `Fase ${sequence}`, pendingAction: null,
    startedAt: '2026-03-02T09:15:00.000Z', changedAt: `2026-05-20T10:${String(sequence % 60).padStart(2, '0')}:00.000Z`,
    resolvedAt: null, closedAt: null, officeUrl: `https://sede.example.es/expedientes/${expediente}`, sequence,
    parties: [{ documentKey: HOLDER, role: 'holder' }],
    ...over,
  };
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe.each(BACKENDS)('the expediente projection on %s', (_name, fresh) => {
  let journal: Journal;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ journal, dispose } = await freshJournal(fresh));
  });
  afterAll(() => dispose?.());

  /** A journal row of an expediente-status message (so the projection's hop has a message), its id. */
  async function message(tenant = TENANT): Promise<string> {
    const e = envelope({ type: 'expediente-status', tenant });
    await journal.insertMessage({ envelope: e, route: 'expediente-status-to-projection' });
    return e.id;
  }

  async function projectionHops(messageId: string) {
    return (await journal.getHistory(messageId)).filter((h) => h.event.startsWith('expediente-'));
  }

  describe('taking updates', () => {
    it('applies the first update of an expediente as new, with an applied history row and a hop on the message', async () => {
      const id = newExpediente();
      const m = await message();
      expect(await journal.expedientes.project(update(id, m, 3, { pendingAction: { description: 'Aportar documentación', dueOn: '2026-06-01' } })))
        .toEqual({ kind: 'applied', previous: null });
      expect(await journal.expedientes.get(id)).toMatchObject({
        expediente: id, tenant: TENANT, managingUnit: TENANT, procedure: { code: '994471', name: 'Subvenciones para actividades culturales' },
        state: 'in-progress', phase: 'Fase 3', pendingAction: { description: 'Aportar documentación', dueOn: '2026-06-01' },
        resolvedAt: null, closedAt: null, sequence: 3, messageId: m,
      });
      expect((await journal.expedientes.history(id)).map((h) => [h.sequence, h.state, h.messageId, h.outcome])).toEqual([[3, 'in-progress', m, 'applied']]);
      const hops = await projectionHops(m);
      expect(hops.map((h) => [h.event, h.outcome, h.code])).toEqual([['expediente-projected', 'ok', 'in-progress']]);
    });

    it('applies a newer sequence over the stored one and says what it replaced', async () => {
      const id = newExpediente();
      await journal.expedientes.project(update(id, await message(), 1, { state: 'started' }));
      const m = await message();
      expect(await journal.expedientes.project(update(id, m, 2, { state: 'resolved', resolvedAt: '2026-06-01T10:00:00.000Z' })))
        .toEqual({ kind: 'applied', previous: { state: 'started', sequence: 1 } });
      expect(await journal.expedientes.get(id)).toMatchObject({ state: 'resolved', resolvedAt: '2026-06-01T10:00:00.000Z', sequence: 2, messageId: m });
    });

    it('keeps an older sequence (out of order) as stale history only, with an info hop, and leaves the state alone', async () => {
      const id = newExpediente();
      const newer = await message();
      await journal.expedientes.project(update(id, newer, 5, { state: 'pending-citizen-action' }));
      const older = await message();
      expect(await journal.expedientes.project(update(id, older, 4, { state: 'in-progress' })))
        .toEqual({ kind: 'stale', current: { state: 'pending-citizen-action', sequence: 5 } });
      expect(await journal.expedientes.get(id)).toMatchObject({ state: 'pending-citizen-action', sequence: 5, messageId: newer });
      expect((await journal.expedientes.history(id)).map((h) => [h.sequence, h.outcome])).toEqual([[5, 'applied'], [4, 'stale']]);
      expect((await projectionHops(older)).map((h) => [h.event, h.outcome, h.code])).toEqual([['expediente-stale', 'info', 'in-progress']]);
    });

    it('keeps the stored sequence from another message as a duplicate, with an info hop', async () => {
      const id = newExpediente();
      const first = await message();
      await journal.expedientes.project(update(id, first, 7));
      const second = await message();
      expect(await journal.expedientes.project(update(id, second, 7, { state: 'closed' }))).toEqual({ kind: 'duplicate', sameMessage: false });
      expect(await journal.expedientes.get(id)).toMatchObject({ state: 'in-progress', messageId: first });
      expect((await journal.expedientes.history(id)).map((h) => [h.messageId, h.outcome])).toEqual([[first, 'applied'], [second, 'duplicate']]);
      expect((await projectionHops(second)).map((h) => [h.event, h.outcome])).toEqual([['expediente-duplicate', 'info']]);
    });

    it('answers a redelivery of the projected message as the same message and adds nothing', async () => {
      const id = newExpediente();
      const m = await message();
      const u = update(id, m, 2);
      await journal.expedientes.project(u);
      const historyBefore = await journal.expedientes.history(id);
      const hopsBefore = await projectionHops(m);
      expect(await journal.expedientes.project(u)).toEqual({ kind: 'duplicate', sameMessage: true });
      expect(await journal.expedientes.history(id)).toEqual(historyBefore);
      expect(await projectionHops(m)).toEqual(hopsBefore);
    });

    it('adds nothing for a redelivery of an update it already kept as stale, and still answers stale', async () => {
      const id = newExpediente();
      await journal.expedientes.project(update(id, await message(), 5));
      const late = await message();
      const u = update(id, late, 3);
      expect((await journal.expedientes.project(u)).kind).toBe('stale');
      const historyBefore = await journal.expedientes.history(id);
      const hopsBefore = await projectionHops(late);
      expect(await journal.expedientes.project(u)).toEqual({ kind: 'stale', current: { state: 'in-progress', sequence: 5 } });
      expect(await journal.expedientes.history(id)).toEqual(historyBefore);
      expect(await projectionHops(late)).toEqual(hopsBefore);
    });

    it('takes change times in epoch milliseconds as sequences', async () => {
      const id = newExpediente();
      const first = Date.UTC(2026, 4, 20, 10, 40);
      await journal.expedientes.project(update(id, await message(), first));
      expect((await journal.expedientes.project(update(id, await message(), first - 1))).kind).toBe('stale');
      expect(await journal.expedientes.project(update(id, await message(), first + 1))).toEqual({ kind: 'applied', previous: { state: 'in-progress', sequence: first } });
      expect((await journal.expedientes.get(id))?.sequence).toBe(first + 1);
      expect((await journal.expedientes.history(id)).map((h) => h.sequence)).toEqual([first, first - 1, first + 1]);
    });

    it('writes nothing for an expediente another tenant owns', async () => {
      const id = newExpediente();
      const owner = await message();
      await journal.expedientes.project(update(id, owner, 1));
      const intruder = await message(OTHER_TENANT);
      expect(await journal.expedientes.project(update(id, intruder, 9, { tenant: OTHER_TENANT, state: 'closed', parties: [{ documentKey: REPRESENTATIVE, role: 'holder' }] })))
        .toEqual({ kind: 'foreign' });
      expect(await journal.expedientes.get(id)).toMatchObject({ tenant: TENANT, sequence: 1, state: 'in-progress' });
      expect(await journal.expedientes.history(id)).toHaveLength(1);
      expect(await projectionHops(intruder)).toEqual([]);
      expect(await journal.expedientes.isParty(id, REPRESENTATIVE)).toBe(false);
    });

    it('ends at the newest state whatever order the updates arrive in', async () => {
      const inOrder = newExpediente();
      const outOfOrder = newExpediente();
      const states = ['started', 'in-progress', 'pending-citizen-action', 'in-progress', 'resolved'] as const;
      for (const [i, state] of states.entries()) await journal.expedientes.project(update(inOrder, await message(), i + 1, { state }));
      const kinds: ProjectOutcome['kind'][] = [];
      for (const i of [4, 2, 0, 3, 1]) kinds.push((await journal.expedientes.project(update(outOfOrder, await message(), i + 1, { state: states[i] }))).kind);
      expect(kinds).toEqual(['applied', 'stale', 'stale', 'stale', 'stale']);
      for (const id of [inOrder, outOfOrder]) expect(await journal.expedientes.get(id)).toMatchObject({ state: 'resolved', sequence: 5 });
      expect((await journal.expedientes.history(outOfOrder)).map((h) => h.sequence)).toEqual([5, 3, 1, 4, 2]);
    });

    it('reads nothing for an expediente it never took', async () => {
      expect(await journal.expedientes.get(newExpediente())).toBeUndefined();
      expect(await journal.expedientes.history(newExpediente())).toEqual([]);
      expect(await journal.expedientes.isParty(newExpediente(), HOLDER)).toBe(false);
    });
  });

  describe('parties', () => {
    it('knows each party by its document key', async () => {
      const id = newExpediente();
      await journal.expedientes.project(update(id, await message(), 1, { parties: [{ documentKey: HOLDER, role: 'holder' }, { documentKey: REPRESENTATIVE, role: 'representative' }] }));
      expect(await journal.expedientes.isParty(id, HOLDER)).toBe(true);
      expect(await journal.expedientes.isParty(id, REPRESENTATIVE)).toBe(true);
      expect(await journal.expedientes.isParty(id, keyOf('12345678Z'))).toBe(false);
    });

    it('gives a party the expediente with its history, and a stranger nothing', async () => {
      const id = newExpediente();
      await journal.expedientes.project(update(id, await message(), 1));
      await journal.expedientes.project(update(id, await message(), 2, { state: 'resolved' }));
      const found = await journal.expedientes.detailFor(id, HOLDER);
      expect(found?.row).toMatchObject({ expediente: id, state: 'resolved', sequence: 2 });
      expect(found?.history.map((h) => [h.sequence, h.outcome])).toEqual([[1, 'applied'], [2, 'applied']]);
      expect(await journal.expedientes.detailFor(id, keyOf('12345678Z'))).toBeUndefined();
      expect(await journal.expedientes.detailFor(newExpediente(), HOLDER)).toBeUndefined();
    });

    it('reads the detail as one snapshot: the state is always the newest applied row of its history, while updates land', async () => {
      const id = newExpediente();
      await journal.expedientes.project(update(id, await message(), 1));
      let writing = true;
      const writer = (async () => {
        for (let sequence = 2; sequence <= 12; sequence++) await journal.expedientes.project(update(id, await message(), sequence));
        writing = false;
      })();
      let reads = 0;
      while (writing || reads === 0) {
        // A read per turn of the event loop, as HTTP requests come: a loop of microtasks would starve the writer.
        await new Promise((r) => setImmediate(r));
        const found = (await journal.expedientes.detailFor(id, HOLDER))!;
        reads++;
        expect(found.history.filter((h) => h.outcome === 'applied').at(-1)?.sequence).toBe(found.row.sequence);
      }
      await writer;
      expect((await journal.expedientes.detailFor(id, HOLDER))?.row.sequence).toBe(12);
    });

    it('takes the parties of the newest update and ignores those of a stale one', async () => {
      const id = newExpediente();
      await journal.expedientes.project(update(id, await message(), 1, { parties: [{ documentKey: HOLDER, role: 'holder' }, { documentKey: REPRESENTATIVE, role: 'representative' }] }));
      await journal.expedientes.project(update(id, await message(), 3, { parties: [{ documentKey: HOLDER, role: 'holder' }] }));
      expect(await journal.expedientes.isParty(id, REPRESENTATIVE)).toBe(false);
      await journal.expedientes.project(update(id, await message(), 2, { parties: [{ documentKey: REPRESENTATIVE, role: 'holder' }] }));
      expect(await journal.expedientes.isParty(id, REPRESENTATIVE)).toBe(false);
      expect(await journal.expedientes.isParty(id, HOLDER)).toBe(true);
    });

    it('takes a document named twice in one update once', async () => {
      const id = newExpediente();
      const citizen = keyOf(`TWICE${counter}`);
      expect((await journal.expedientes.project(update(id, await message(), 1, { parties: [{ documentKey: citizen, role: 'holder' }, { documentKey: citizen, role: 'representative' }] }))).kind).toBe('applied');
      expect(await journal.expedientes.forCitizen(citizen, { offset: 0, limit: 10 })).toMatchObject({ total: 1 });
    });
  });

  describe('a citizen\'s expedientes', () => {
    it('lists every tenant\'s expedientes of the citizen, most recently changed first', async () => {
      const citizen = keyOf(`CITIZEN-A${counter}`);
      const parties = [{ documentKey: citizen, role: 'holder' }];
      const ours = newExpediente(TENANT);
      const theirs = newExpediente(OTHER_TENANT);
      await journal.expedientes.project(update(ours, await message(), 1, { parties, changedAt: '2026-05-20T10:00:00.000Z' }));
      await journal.expedientes.project(update(theirs, await message(OTHER_TENANT), 1, { tenant: OTHER_TENANT, parties, changedAt: '2026-05-21T10:00:00.000Z' }));
      const { items, total } = await journal.expedientes.forCitizen(citizen, { offset: 0, limit: 10 });
      expect(total).toBe(2);
      expect(items.map((e) => [e.expediente, e.tenant])).toEqual([[theirs, OTHER_TENANT], [ours, TENANT]]);
    });

    it('orders by the instant of the change, whatever offset the source wrote it with', async () => {
      const citizen = keyOf(`CITIZEN-OFFSET${counter}`);
      const parties = [{ documentKey: citizen, role: 'holder' }];
      const earlier = newExpediente(TENANT);
      const later = newExpediente(OTHER_TENANT);
      // 10:40 UTC, written in Madrid summer time; then 11:00 UTC, written in UTC.
      await journal.expedientes.project(update(earlier, await message(), 1, { parties, changedAt: '2026-05-20T12:40:00+02:00' }));
      await journal.expedientes.project(update(later, await message(OTHER_TENANT), 1, { tenant: OTHER_TENANT, parties, changedAt: '2026-05-20T11:00:00Z' }));
      const { items } = await journal.expedientes.forCitizen(citizen, { offset: 0, limit: 10 });
      expect(items.map((e) => e.expediente)).toEqual([later, earlier]);
    });

    it('treats resolved and closed as finished and filters open or finished ones', async () => {
      expect([...FINISHED_STATES].sort()).toEqual(['closed', 'resolved']);
      const citizen = keyOf(`CITIZEN-B${counter}`);
      const parties = [{ documentKey: citizen, role: 'holder' }];
      const byState: Record<string, string> = {};
      for (const state of ['started', 'in-progress', 'pending-citizen-action', 'resolved', 'closed']) {
        byState[state] = newExpediente();
        await journal.expedientes.project(update(byState[state], await message(), 1, { state, parties }));
      }
      const open = await journal.expedientes.forCitizen(citizen, { open: true, offset: 0, limit: 10 });
      expect(open.total).toBe(3);
      expect(open.items.map((e) => e.state).sort()).toEqual(['in-progress', 'pending-citizen-action', 'started']);
      const finished = await journal.expedientes.forCitizen(citizen, { open: false, offset: 0, limit: 10 });
      expect(finished.total).toBe(2);
      expect(finished.items.map((e) => e.expediente).sort()).toEqual([byState.closed, byState.resolved].sort());
      expect((await journal.expedientes.forCitizen(citizen, { offset: 0, limit: 10 })).total).toBe(5);
    });

    it('pages through them with the total of every page', async () => {
      const citizen = keyOf(`CITIZEN-C${counter}`);
      const parties = [{ documentKey: citizen, role: 'holder' }];
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = newExpediente();
        ids.push(id);
        await journal.expedientes.project(update(id, await message(), 1, { parties, changedAt: `2026-05-2${i}T10:00:00.000Z` }));
      }
      const newestFirst = [...ids].reverse();
      const pages = [];
      for (const offset of [0, 2, 4, 6]) pages.push(await journal.expedientes.forCitizen(citizen, { offset, limit: 2 }));
      expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
      expect(pages.map((p) => p.items.map((e) => e.expediente))).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4), []]);
    });

    it('lists nothing for a document that is nobody\'s party', async () => {
      expect(await journal.expedientes.forCitizen(keyOf('NOBODY'), { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
    });
  });

  describe('under concurrency', () => {
    const ROUNDS = 20;
    const UPDATES = 6;

    async function race(id: string, sequences: number[]) {
      const messages = await Promise.all(sequences.map(() => message()));
      const results = await Promise.allSettled(sequences.map((s, i) => journal.expedientes.project(update(id, messages[i], s, { phase: `Fase ${s}` }))));
      return { messages, results };
    }

    async function expectNewestWon(id: string, sequences: number[], messages: string[], results: PromiseSettledResult<ProjectOutcome>[]) {
      // What each rejected call threw, its cause first (the journal wraps driver-level errors).
      expect(results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as { cause?: unknown }).cause ?? r.reason)] : []))).toEqual([]);
      const max = Math.max(...sequences);
      const winner = messages[sequences.indexOf(max)];
      expect(await journal.expedientes.get(id)).toMatchObject({ sequence: max, phase: `Fase ${max}`, messageId: winner });
      const history = (await journal.expedientes.history(id)).filter((h) => messages.includes(h.messageId));
      expect(history.map((h) => h.messageId).sort()).toEqual([...messages].sort());
      expect(history.find((h) => h.messageId === winner)?.outcome).toBe('applied');
      expect(history.every((h) => h.outcome !== 'duplicate')).toBe(true);
      const outcome = results[sequences.indexOf(max)];
      expect(outcome.status === 'fulfilled' && outcome.value.kind).toBe('applied');
      for (const m of messages) expect(await projectionHops(m)).toHaveLength(1);
    }

    it('keeps the newest sequence of one expediente when its updates are projected at once', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = newExpediente();
        await journal.expedientes.project(update(id, await message(), 1));
        const sequences = shuffled(Array.from({ length: UPDATES }, (_, i) => i + 2));
        const { messages, results } = await race(id, sequences);
        await expectNewestWon(id, sequences, messages, results);
      }
    });

    it('creates a new expediente once when its first updates are projected at once', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = newExpediente();
        const sequences = shuffled(Array.from({ length: UPDATES }, (_, i) => i + 1));
        const { messages, results } = await race(id, sequences);
        await expectNewestWon(id, sequences, messages, results);
        const applied = results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'applied');
        const fromNothing = applied.filter((r) => r.status === 'fulfilled' && r.value.kind === 'applied' && r.value.previous === null);
        expect(fromNothing).toHaveLength(1);
      }
    });
  });
});
