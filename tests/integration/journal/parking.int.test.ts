import { validate as isUuid, version as uuidVersion } from 'uuid';
import type { Journal, ParkInput } from '../../../src/journal/journal';
import { codeOf } from '../../helpers/errors';
import { BACKENDS, envelope, freshJournal, ISO_MS } from './stores';

const ROUTE = 'registry-entry-to-sir';

function evidence(messageId: string | null, overrides: Partial<ParkInput> = {}): ParkInput {
  return {
    messageId,
    route: ROUTE,
    code: 'SIR_REJECTED',
    detail: 'SIR refused the fichero',
    lastResponse: '{"codigo":"0041"}',
    attempts: 4,
    body: '{"id":"m"}',
    bodyEncoding: 'json',
    headers: '{"x-pasarela-attempts":4}',
    ...overrides,
  };
}

describe.each(BACKENDS)('parking in the %s journal', (_name, fresh) => {
  let journal: Journal;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ journal, dispose } = await freshJournal(fresh));
  });
  afterEach(() => dispose());

  async function delivering(route = ROUTE): Promise<string> {
    const e = envelope();
    await journal.insertMessage({ envelope: e, route });
    await journal.transition(e.id, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 });
    return e.id;
  }

  it('parks a delivering message with its evidence and moves its status to parked', async () => {
    const id = await delivering();
    const result = await journal.park(evidence(id));
    expect(result.parked).toBe(true);
    expect(isUuid(result.parkedId!) && uuidVersion(result.parkedId!)).toBe(7);

    const message = await journal.getMessage(id);
    expect(message).toMatchObject({ status: 'parked', attempts: 4 });
    expect((await journal.getHistory(id)).at(-1)).toEqual({
      at: expect.stringMatching(ISO_MS), event: 'parked', status: 'parked', outcome: 'error', attempt: 4,
      code: 'SIR_REJECTED', detail: 'SIR refused the fichero',
    });
    expect(await journal.getParked(id)).toEqual([{
      id: result.parkedId, messageId: id, route: ROUTE, tenant: 'L01280796', code: 'SIR_REJECTED',
      detail: 'SIR refused the fichero', lastResponse: '{"codigo":"0041"}', attempts: 4, body: '{"id":"m"}',
      bodyEncoding: 'json', headers: '{"x-pasarela-attempts":4}', firstSeenAt: message!.createdAt,
      parkedAt: expect.stringMatching(ISO_MS),
    }]);
  });

  it('does not park a delivered message, keeps the hop with the delivered status, and writes no evidence', async () => {
    const id = await delivering();
    await journal.transition(id, 'delivered', { event: 'delivered', outcome: 'ok', attempt: 1 });
    expect(await journal.park(evidence(id))).toEqual({ parked: false });
    expect((await journal.getMessage(id))?.status).toBe('delivered');
    expect((await journal.getHistory(id)).at(-1)).toMatchObject({ event: 'parked', status: 'delivered', code: 'SIR_REJECTED' });
    expect(await journal.getParked(id)).toEqual([]);
  });

  it('parks from the statuses the caller lists instead of the default ones', async () => {
    const e = envelope();
    await journal.insertMessage({ envelope: e, route: ROUTE });
    await journal.transition(e.id, 'rejected', { event: 'rejected', outcome: 'error' });
    expect(await journal.park(evidence(e.id, { from: ['rejected'] }))).toMatchObject({ parked: true });
    expect((await journal.getMessage(e.id))?.status).toBe('parked');
  });

  it('parks an undecodable body with no message id as evidence only', async () => {
    const body = Buffer.from([0xff, 0x00, 0xfe]).toString('base64');
    const result = await journal.park(evidence(null, { body, bodyEncoding: 'base64', lastResponse: undefined, headers: undefined }));
    expect(result.parked).toBe(true);
    expect(await journal.listParked({ route: ROUTE })).toEqual([expect.objectContaining({
      id: result.parkedId, messageId: null, tenant: null, body, bodyEncoding: 'base64', lastResponse: null, headers: null, firstSeenAt: null,
    })]);
  });

  it('refuses to park an unknown message as not found and records nothing', async () => {
    const id = envelope().id;
    expect(await codeOf(journal.park(evidence(id)))).toBe('JOURNAL_NOT_FOUND');
    expect(await journal.getHistory(id)).toEqual([]);
    expect(await journal.listParked()).toEqual([]);
  });

  it('returns the evidence of one message newest first, after a replay parked it again', async () => {
    const id = await delivering();
    const first = await journal.park(evidence(id, { code: 'SIR_UNAVAILABLE' }));
    await journal.transition(id, 'queued', { event: 'replayed', outcome: 'info' }, { from: ['parked'] });
    const second = await journal.park(evidence(id, { code: 'SIR_REJECTED' }));
    expect((await journal.getParked(id)).map((p) => [p.id, p.code])).toEqual([
      [second.parkedId, 'SIR_REJECTED'],
      [first.parkedId, 'SIR_UNAVAILABLE'],
    ]);
  });

  it('lists evidence newest first, filtered by route and cut at the limit', async () => {
    const a = await journal.park(evidence(await delivering('route-a'), { route: 'route-a' }));
    const b = await journal.park(evidence(await delivering('route-b'), { route: 'route-b' }));
    const c = await journal.park(evidence(null, { route: 'route-a' }));
    expect((await journal.listParked()).map((p) => p.id)).toEqual([c.parkedId, b.parkedId, a.parkedId]);
    expect((await journal.listParked({ route: 'route-a' })).map((p) => p.id)).toEqual([c.parkedId, a.parkedId]);
    expect((await journal.listParked({ limit: 1 })).map((p) => p.id)).toEqual([c.parkedId]);
    expect(await journal.listParked({ route: 'route-none' })).toEqual([]);
  });
});
