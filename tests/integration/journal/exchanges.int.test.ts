import type { Journal } from '../../../src/journal/journal';
import { BACKENDS, envelope, freshJournal, ISO_MS } from './stores';

const ID = 'O00009001_26_00000042';

describe.each(BACKENDS)('SIR exchanges in the %s journal', (_name, fresh) => {
  let journal: Journal;
  let dispose: () => Promise<void>;
  let messageId: string;

  beforeEach(async () => {
    ({ journal, dispose } = await freshJournal(fresh));
    const e = envelope();
    await journal.insertMessage({ envelope: e, route: 'r', exchangeId: ID });
    messageId = e.id;
  });
  afterEach(() => dispose());

  it('opens an exchange once per direction and id', async () => {
    expect(await journal.openExchange({ direction: 'outgoing', exchangeId: ID, messageId, tenant: 'L01280796', state: 'sent' })).toBe(true);
    expect(await journal.openExchange({ direction: 'outgoing', exchangeId: ID, messageId, tenant: 'L01280796', state: 'pending' })).toBe(false);
    // The same id coming back to us is another life cycle.
    expect(await journal.openExchange({ direction: 'incoming', exchangeId: ID, messageId: null, tenant: null, state: 'received' })).toBe(true);
    const row = await journal.getExchange('outgoing', ID);
    expect(row).toMatchObject({ direction: 'outgoing', exchangeId: ID, messageId, state: 'sent', resends: 0, registryNumber: null });
    expect(row!.createdAt).toMatch(ISO_MS);
  });

  it('moves it with its facts and writes the hop in the message history', async () => {
    await journal.openExchange({ direction: 'outgoing', exchangeId: ID, messageId, tenant: null, state: 'acknowledged' });
    const moved = await journal.moveExchange('outgoing', ID, 'acknowledged', 'confirmed', { registryNumber: 'REG/2026/7', registryDate: '20261125103000' }, {
      event: 'sir-confirmed', outcome: 'ok', code: '03', detail: 'REG/2026/7',
    });
    expect(moved).toBe(true);
    expect(await journal.getExchange('outgoing', ID)).toMatchObject({ state: 'confirmed', registryNumber: 'REG/2026/7', registryDate: '20261125103000' });
    expect((await journal.getHistory(messageId)).at(-1)).toMatchObject({ event: 'sir-confirmed', status: 'received', code: '03' });
    expect(await journal.exchangesOf(messageId)).toHaveLength(1);
  });

  it('refuses a move from a state the exchange is no longer in, writing nothing', async () => {
    await journal.openExchange({ direction: 'outgoing', exchangeId: ID, messageId, tenant: null, state: 'confirmed' });
    const hops = (await journal.getHistory(messageId)).length;
    expect(await journal.moveExchange('outgoing', ID, 'sent', 'acknowledged', {}, { event: 'sir-ack', outcome: 'ok' })).toBe(false);
    expect((await journal.getExchange('outgoing', ID))?.state).toBe('confirmed');
    expect(await journal.getHistory(messageId)).toHaveLength(hops);
  });

  it('lets one of two concurrent moves from the same state win', async () => {
    await journal.openExchange({ direction: 'outgoing', exchangeId: ID, messageId, tenant: null, state: 'sent' });
    const results = await Promise.all([
      journal.moveExchange('outgoing', ID, 'sent', 'acknowledged', {}, { event: 'sir-ack', outcome: 'ok' }),
      journal.moveExchange('outgoing', ID, 'sent', 'error', { errorCode: '0037' }, { event: 'sir-error', outcome: 'error' }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lists exchanges waiting in a state since before an instant, oldest first', async () => {
    await journal.openExchange({ direction: 'outgoing', exchangeId: ID, messageId, tenant: null, state: 'sent' });
    await journal.openExchange({ direction: 'outgoing', exchangeId: 'O00009001_26_00000043', messageId: null, tenant: null, state: 'sent' });
    const later = new Date(Date.now() + 1000).toISOString();
    expect((await journal.listExchanges('outgoing', 'sent', later, 10)).map((x) => x.exchangeId)).toEqual([ID, 'O00009001_26_00000043']);
    expect(await journal.listExchanges('outgoing', 'sent', '2000-01-01T00:00:00.000Z', 10)).toEqual([]);
    expect(await journal.listExchanges('outgoing', 'acknowledged', later, 10)).toEqual([]);
  });
});
