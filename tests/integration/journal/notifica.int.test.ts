import { createHash, randomBytes } from 'node:crypto';
import type { Journal } from '../../../src/journal/journal';
import type { StateEvent } from '../../../src/journal/notifica';
import { BACKENDS, envelope, freshJournal } from './stores';

const state = (identificador: string, estado: string, at: string, extra: Partial<StateEvent> = {}): StateEvent => ({
  identificador, estado, at, final: ['notificada', 'rehusada', 'anulada'].includes(estado), source: 'callback', organismo: 'L02000023', ...extra,
});

describe.each(BACKENDS)('the Notific@ store on %s', (_name, fresh) => {
  let journal: Journal;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ journal, dispose } = await freshJournal(fresh));
  });
  afterAll(() => dispose?.());

  async function notification(ids: string[]): Promise<string> {
    const e = envelope({ type: 'notification' });
    await journal.insertMessage({ envelope: e, route: 'notification-to-notifica' });
    await journal.transition(e.id, 'delivered', { event: 'delivered', outcome: 'ok' });
    const { recorded } = await journal.notifica.recordEnvios({
      messageId: e.id, tenant: e.tenant, organismo: 'L02000023', recipients: ids.length,
      envios: ids.map((identificador, recipientIndex) => ({ identificador, recipientIndex, referencia: `REF${identificador}` })), detail: 'taken',
    });
    expect(recorded).toBe(true);
    return e.id;
  }

  it('records envíos once, in recipient order, with a hop on the message', async () => {
    const id = await notification(['a1', 'a2']);
    const again = await journal.notifica.recordEnvios({ messageId: id, tenant: 'L01280796', organismo: 'L02000023', recipients: 2, envios: [{ identificador: 'a1', recipientIndex: 0, referencia: 'REFa1' }], detail: 'again' });
    expect(again).toEqual({ recorded: false });
    expect((await journal.notifica.enviosOf(id)).map((e) => [e.identificador, e.recipientIndex, e.state, e.final])).toEqual([['a1', 0, null, false], ['a2', 1, null, false]]);
    expect((await journal.getHistory(id)).filter((h) => h.event === 'notifica-submitted')).toHaveLength(1);
    expect((await journal.notifica.enviosByReference('REFa2'))[0].identificador).toBe('a2');
  });

  it('finds a notification by an envío\'s identificador or its referenciaEmisor, the business keys of Notific@', async () => {
    const id = await notification(['k1', 'k2']);
    for (const q of ['k2', 'REFk1']) {
      expect((await journal.operations.searchMessages({ q }, { limit: 10 })).items.map((m) => m.id)).toEqual([id]);
    }
    expect((await journal.operations.searchMessages({ q: 'k3' }, { limit: 10 })).items).toEqual([]);
  });

  it('moves a state forward, ignores repeats, keeps late reports as history, and closes the message when every envío is final', async () => {
    const id = await notification(['b1', 'b2']);
    expect((await journal.notifica.applyState(state('b1', 'pendiente_envio', '2026-01-01T10:00:00.000Z'))).kind).toBe('changed');
    expect((await journal.notifica.applyState(state('b1', 'pendiente_envio', '2026-01-01T10:00:00.000Z'))).kind).toBe('duplicate');
    expect((await journal.notifica.applyState(state('b1', 'enviado_deh', '2026-01-01T11:00:00.000Z'))).kind).toBe('changed');
    expect((await journal.notifica.applyState(state('b1', 'pendiente_deh', '2026-01-01T10:30:00.000Z'))).kind).toBe('late');
    const first = await journal.notifica.applyState(state('b1', 'notificada', '2026-01-02T09:00:00.000Z', { receptor: { nif: '99000003E', name: 'María', link: '1' } }));
    expect(first).toMatchObject({ kind: 'changed', closed: false, previous: 'enviado_deh' });
    expect((await journal.notifica.applyState(state('b1', 'rehusada', '2026-01-03T09:00:00.000Z'))).kind).toBe('duplicate');
    const last = await journal.notifica.applyState(state('b2', 'rehusada', '2026-01-02T09:00:00.000Z'));
    expect(last).toMatchObject({ kind: 'changed', closed: true });
    const history = await journal.getHistory(id);
    expect(history.filter((h) => h.event === 'notifica-state').map((h) => h.code)).toEqual(['pendiente_envio', 'enviado_deh', 'notificada', 'rehusada']);
    expect(history.filter((h) => h.event === 'notification-closed')).toHaveLength(1);
    expect(history.filter((h) => h.event.startsWith('notifica')).every((h) => h.status === 'delivered')).toBe(true);
    expect(JSON.stringify(history)).not.toContain('99000003E');
    expect((await journal.notifica.envio('b1'))?.receptor).toEqual({ nif: '99000003E', name: 'María', link: '1' });
  });

  it('keeps a report of the same second that is not further along as late: enviado_deh is not undone by pendiente_envio', async () => {
    const id = await notification(['t1']);
    const second = '2026-01-01T10:00:00.000Z';
    expect((await journal.notifica.applyState(state('t1', 'enviado_deh', second))).kind).toBe('changed');
    expect((await journal.notifica.applyState(state('t1', 'pendiente_envio', second))).kind).toBe('late');
    expect((await journal.notifica.envio('t1'))?.state).toBe('enviado_deh');
    expect((await journal.notifica.applyState(state('t1', 'notificada', second))).kind).toBe('changed');
    const history = await journal.getHistory(id);
    expect(history.filter((h) => h.event === 'notifica-state').map((h) => h.code)).toEqual(['enviado_deh', 'notificada']);
    expect(history.filter((h) => h.event === 'notifica-state-late').map((h) => h.code)).toEqual(['pendiente_envio']);
  });

  it('serialises concurrent reports of one notification: a repeat counts once, an older state never undoes a final one, it closes once', async () => {
    for (let round = 0; round < 15; round++) {
      const [a, b] = [`s${round}a`, `s${round}b`];
      const id = await notification([a, b]);
      const results = await Promise.all([
        journal.notifica.applyState(state(a, 'notificada', '2026-01-02T10:00:00.000Z')),
        journal.notifica.applyState(state(a, 'enviado_deh', '2026-01-01T10:00:00.000Z')),
        journal.notifica.applyState(state(a, 'notificada', '2026-01-02T10:00:00.000Z')),
        journal.notifica.applyState(state(b, 'rehusada', '2026-01-02T10:00:00.000Z')),
      ]);
      expect(results.filter((r) => r.kind === 'changed' && r.envio.identificador === a && r.envio.state === 'notificada')).toHaveLength(1);
      expect(await journal.notifica.envio(a)).toMatchObject({ state: 'notificada', final: true });
      const history = await journal.getHistory(id);
      expect(history.filter((h) => h.event === 'notifica-state' && h.code === 'notificada')).toHaveLength(1);
      expect(history.filter((h) => h.event === 'notification-closed')).toHaveLength(1);
    }
  });

  it('refuses a report that names another emitter', async () => {
    await notification(['c1']);
    expect((await journal.notifica.applyState(state('c1', 'leida', '2026-01-01T10:00:00.000Z', { organismo: 'L01230001' }))).kind).toBe('wrong-organismo');
    expect((await journal.notifica.envio('c1'))?.state).toBeNull();
  });

  it('keeps a certificate once, byte for byte, in the blob store, even when it comes after the final state', async () => {
    await notification(['d1']);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2048), Buffer.from([0, 255, 0])]);
    await journal.notifica.applyState(state('d1', 'notificada', '2026-01-01T10:00:00.000Z'));
    const o = await journal.notifica.applyState(state('d1', 'notificada', '2026-01-01T10:00:00.000Z', { acuse: { sha256: '', content: pdf, csv: 'CSV-1' } }));
    expect(o).toMatchObject({ kind: 'duplicate', certificateStored: true });
    const envio = await journal.notifica.envio('d1');
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(envio?.certificate).toMatchObject({ sha256: sha, csv: 'CSV-1' });
    const blob = await journal.notifica.getBlob(sha);
    expect(blob?.content.equals(pdf)).toBe(true);
    expect(blob?.size).toBe(pdf.length);
    expect(await journal.notifica.putBlob(pdf, 'application/pdf')).toBe(sha);
    const repeat = await journal.notifica.applyState(state('d1', 'notificada', '2026-01-01T10:00:00.000Z', { acuse: { sha256: '', content: Buffer.from('other') } }));
    expect(repeat).toMatchObject({ kind: 'duplicate', certificateStored: false });
  });

  it('holds reports for unknown envíos, with their acuse, and hands them over oldest first once the envíos are recorded', async () => {
    expect((await journal.notifica.applyState(state('e1', 'pendiente_envio', '2026-01-01T10:00:00.000Z'))).kind).toBe('unknown');
    await journal.notifica.holdEarly(state('e1', 'pendiente_envio', '2026-01-01T10:00:00.000Z'));
    await journal.notifica.holdEarly(state('e1', 'enviado_deh', '2026-01-01T10:01:00.000Z', { acuse: { sha256: '', content: Buffer.from('%PDF early') } }));
    const e = envelope({ type: 'notification' });
    await journal.insertMessage({ envelope: e, route: 'notification-to-notifica' });
    const { recorded } = await journal.notifica.recordEnvios({ messageId: e.id, tenant: e.tenant, organismo: 'L02000023', recipients: 1, envios: [{ identificador: 'e1', recipientIndex: 0, referencia: 'R' }], detail: 'x' });
    expect(recorded).toBe(true);
    const early = await journal.notifica.takeEarly('e1');
    expect(early.map((x) => x.estado)).toEqual(['pendiente_envio', 'enviado_deh']);
    // The acuse travels in the held row: nothing in the blob store until the envío is known.
    expect(early[1].acuse?.content?.equals(Buffer.from('%PDF early'))).toBe(true);
    expect(await journal.notifica.getBlob(createHash('sha256').update('%PDF early').digest('hex'))).toBeUndefined();
    expect(await journal.notifica.takeEarly('e1')).toEqual([]);
  });

  it('holds no more than its bounds allow, by count and by size, and holds again once the held ones are gone', async () => {
    await journal.notifica.purgeEarly(new Date(Date.now() + 1000).toISOString());
    const small = (id: string) => state(id, 'pendiente_envio', '2026-01-01T10:00:00.000Z');
    const bounds = { callbacks: 2, chars: 1_000_000 };
    expect(await journal.notifica.holdEarly(small('h1'), bounds)).toBe(true);
    expect(await journal.notifica.holdEarly(small('h2'), bounds)).toBe(true);
    expect(await journal.notifica.holdEarly(small('h3'), bounds)).toBe(false);
    expect(await journal.notifica.takeEarly('h3')).toEqual([]);
    const big = state('h4', 'notificada', '2026-01-01T10:00:00.000Z', { acuse: { sha256: '', content: randomBytes(600_000) } });
    expect(await journal.notifica.holdEarly(big, { callbacks: 100, chars: 500_000 })).toBe(false);
    expect(await journal.notifica.takeEarly('h4')).toEqual([]);
    await journal.notifica.purgeEarly(new Date(Date.now() + 1000).toISOString());
    expect(await journal.notifica.holdEarly(small('h3'), bounds)).toBe(true);
    expect((await journal.notifica.takeEarly('h3')).map((x) => x.identificador)).toEqual(['h3']);
  });

  it('lets concurrent holds pass the bounds together no further than one at a time would', async () => {
    await journal.notifica.purgeEarly(new Date(Date.now() + 1000).toISOString());
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => journal.notifica.holdEarly(state(`c${i}`, 'pendiente_envio', '2026-01-01T10:00:00.000Z'), { callbacks: 5, chars: 1_000_000 })));
    expect(results.filter(Boolean)).toHaveLength(5);
    await journal.notifica.purgeEarly(new Date(Date.now() + 1000).toISOString());
  });

  it('drops held reports past their hold', async () => {
    await journal.notifica.holdEarly(state('f1', 'pendiente_envio', '2026-01-01T10:00:00.000Z'));
    expect(await journal.notifica.purgeEarly(new Date(Date.now() + 1000).toISOString())).toBeGreaterThanOrEqual(1);
    expect(await journal.notifica.takeEarly('f1')).toEqual([]);
  });

  it('lists open envíos that have not moved or been checked since a time, and forgets them once checked', async () => {
    await notification(['g1']);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await journal.notifica.listQuiet(later, 1000)).map((e) => e.identificador)).toContain('g1');
    await journal.notifica.markChecked('g1', new Date(Date.now() + 120_000).toISOString());
    expect((await journal.notifica.listQuiet(later, 1000)).map((e) => e.identificador)).not.toContain('g1');
    await journal.notifica.setExpiry('g1', '2026-02-01', 'extended');
    expect((await journal.notifica.envio('g1'))?.expiresOn).toBe('2026-02-01');
  });

  it('reads a message\'s facts as one snapshot: no envío state its history does not reach, while reports land', async () => {
    const ids = Array.from({ length: 4 }, (_, i) => `snap${i}`);
    const id = await notification(ids);
    const steps = ['pendiente_envio', 'enviado_deh', 'notificada'];
    let writing = true;
    const writer = (async () => {
      for (const [n, estado] of steps.entries()) {
        for (const e of ids) await journal.notifica.applyState(state(e, estado, `2026-01-01T1${n}:00:00.000Z`));
      }
      writing = false;
    })();
    let reads = 0;
    while (writing || reads === 0) {
      // A read per turn of the event loop, as HTTP requests come: a loop of microtasks would starve the writer.
      await new Promise((r) => setImmediate(r));
      const facts = (await journal.getMessageFacts(id))!;
      reads++;
      const stateHops = facts.history.filter((h) => h.event === 'notifica-state');
      for (const envio of facts.envios) {
        const own = stateHops.filter((h) => String(h.detail).includes(envio.identificador)).map((h) => h.code);
        expect(own.at(-1) ?? null).toBe(envio.state);
      }
      const closedHops = facts.history.filter((h) => h.event === 'notification-closed').length;
      expect(closedHops).toBe(facts.envios.every((e) => e.final) ? 1 : 0);
    }
    await writer;
    const last = (await journal.getMessageFacts(id))!;
    expect(last.row.id).toBe(id);
    expect(last.envios.map((e) => e.state)).toEqual(ids.map(() => 'notificada'));
  });

  it('reads no facts of a message it never took', async () => {
    expect(await journal.getMessageFacts('0190c0de-0000-7000-8000-000000000000')).toBeUndefined();
  });
});
