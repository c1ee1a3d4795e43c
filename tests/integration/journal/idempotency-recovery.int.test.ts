import type { Journal } from '../../../src/journal/journal';
import { codeOf } from '../../helpers/errors';
import { BACKENDS, envelope, freshJournal } from './stores';

/** One millisecond after an ISO instant, in the journal's format. */
function justAfter(iso: string): string {
  return new Date(Date.parse(iso) + 1).toISOString();
}

describe.each(BACKENDS)('idempotency keys and delivery recovery in the %s journal', (_name, fresh) => {
  let journal: Journal;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ journal, dispose } = await freshJournal(fresh));
  });
  afterEach(() => dispose());

  async function insert(status: 'received' | 'queued' | 'delivering' | 'rejected', opts: { route?: string; tenant?: string; key?: string | null } = {}): Promise<string> {
    const e = envelope({
      ...(opts.tenant !== undefined && { tenant: opts.tenant }),
      ...(opts.key !== undefined && { idempotencyKey: opts.key }),
    });
    await journal.insertMessage({ envelope: e, route: opts.route ?? 'r' });
    if (status !== 'received') await journal.transition(e.id, status, { event: status, outcome: 'info' });
    return e.id;
  }

  it('keeps an Idempotency-Key unique per tenant and lets another tenant use the same key', async () => {
    const first = await insert('received', { key: 'client-key' });
    await insert('received', { key: 'client-key', tenant: 'L01080193' });
    const duplicate = envelope({ idempotencyKey: 'client-key' });
    expect(await codeOf(journal.insertMessage({ envelope: duplicate, route: 'r' }))).toBe('JOURNAL_CONFLICT');
    expect(await journal.getMessage(duplicate.id)).toBeUndefined();
    expect((await journal.findByIdempotencyKey('L01280796', 'client-key'))?.id).toBe(first);
    // Messages without a key never conflict.
    await insert('received', { key: null });
    await insert('received', { key: null });
  });

  it('finds a message by its tenant and Idempotency-Key and nothing for another tenant or key', async () => {
    const e = envelope({ idempotencyKey: 'find-me' });
    await journal.insertMessage({ envelope: e, route: 'r', requestHash: 'cd'.repeat(32) });
    expect(await journal.findByIdempotencyKey('L01280796', 'find-me')).toMatchObject({ id: e.id, requestHash: 'cd'.repeat(32) });
    expect(await journal.findByIdempotencyKey('L01080193', 'find-me')).toBeUndefined();
    expect(await journal.findByIdempotencyKey('L01280796', 'other')).toBeUndefined();
  });

  it('releases the Idempotency-Key of a rejected message only, so the key can be used again', async () => {
    const live = await insert('queued', { key: 'live-key' });
    expect(await journal.releaseIdempotencyKey(live)).toBe(false);
    expect((await journal.getMessage(live))?.idempotencyKey).toBe('live-key');

    const rejected = await insert('rejected', { key: 'retry-key' });
    expect(await journal.releaseIdempotencyKey(rejected)).toBe(true);
    expect(await journal.releaseIdempotencyKey(rejected)).toBe(false);
    expect((await journal.getMessage(rejected))?.idempotencyKey).toBeNull();
    expect(await journal.findByIdempotencyKey('L01280796', 'retry-key')).toBeUndefined();
    const again = await insert('received', { key: 'retry-key' });
    expect((await journal.findByIdempotencyKey('L01280796', 'retry-key'))?.id).toBe(again);
    expect(await journal.releaseIdempotencyKey(envelope().id)).toBe(false);
  });

  it('lets a transition claim a delivering message whose lease ran out and refuses a live one', async () => {
    const id = await insert('delivering');
    const setAt = (await journal.getMessage(id))!.updatedAt;
    const claim = { event: 'recovered', outcome: 'info' as const, attempt: 2 };
    // Set at the cut-off instant itself: still live.
    expect(await journal.transition(id, 'delivering', claim, { from: ['queued'], staleDeliveringBefore: setAt })).toBe(false);
    expect(await journal.transition(id, 'delivering', claim, { from: ['queued'], staleDeliveringBefore: justAfter(setAt) })).toBe(true);
    const row = await journal.getMessage(id);
    expect(row).toMatchObject({ status: 'delivering', attempts: 2 });
    expect(row!.updatedAt >= setAt).toBe(true);
    expect((await journal.getHistory(id)).map((h) => [h.event, h.status])).toEqual([
      ['received', 'received'], ['delivering', 'delivering'], ['recovered', 'delivering'], ['recovered', 'delivering'],
    ]);
  });

  it('does not let the stale-lease rule move a message that is not delivering', async () => {
    const id = await insert('queued');
    const later = justAfter((await journal.getMessage(id))!.updatedAt);
    expect(await journal.transition(id, 'delivering', { event: 'x', outcome: 'info' }, { from: [], staleDeliveringBefore: later })).toBe(false);
    expect((await journal.getMessage(id))?.status).toBe('queued');
  });

  it('lists delivering messages set before an instant, oldest first, up to the limit', async () => {
    const older = await insert('delivering');
    const newer = await insert('delivering');
    await insert('queued');
    const olderAt = (await journal.getMessage(older))!.updatedAt;
    const cutOff = justAfter((await journal.getMessage(newer))!.updatedAt);
    expect((await journal.listStale('delivering', cutOff, 10)).map((m) => m.id)).toEqual([older, newer]);
    expect((await journal.listStale('delivering', cutOff, 1)).map((m) => m.id)).toEqual([older]);
    expect(await journal.listStale('delivering', olderAt, 10)).toEqual([]);
    // The same instant written with an offset (one hour east of UTC) means the same thing.
    const withOffset = new Date(Date.parse(cutOff) + 3_600_000).toISOString().replace('Z', '+01:00');
    expect((await journal.listStale('delivering', withOffset, 10)).map((m) => m.id)).toEqual([older, newer]);
  });

  it('lists stale received messages of one route only, so another route\'s backlog cannot starve it', async () => {
    const other = await insert('received', { route: 'other' });
    const mine = await insert('received', { route: 'mine' });
    await insert('queued', { route: 'mine' });
    const later = new Date(Date.now() + 1000).toISOString();
    expect((await journal.listStale('received', later, 1, 'mine')).map((m) => m.id)).toEqual([mine]);
    expect((await journal.listStale('received', later, 1)).map((m) => m.id)).toEqual([other]);
  });

  it('counts messages per status, for all routes or one', async () => {
    expect(await journal.countByStatus()).toEqual({});
    await insert('received', { route: 'a' });
    await insert('queued', { route: 'a' });
    await insert('queued', { route: 'b' });
    await insert('delivering', { route: 'b' });
    expect(await journal.countByStatus()).toEqual({ received: 1, queued: 2, delivering: 1 });
    expect(await journal.countByStatus({ route: 'a' })).toEqual({ received: 1, queued: 1 });
    expect(await journal.countByStatus({ route: 'none' })).toEqual({});
  });
});
