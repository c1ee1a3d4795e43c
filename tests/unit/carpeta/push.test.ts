import { CARPETA_PUSH_ROUTE, createCarpetaPusher } from '../../../src/carpeta/push';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import { Errors, PasarelaError } from '../../../src/core/errors';
import type { Receipt } from '../../../src/core/plugin';
import type { NewMessage } from '../../../src/journal/journal';
import { silentLogger } from '../../../src/observability/logger';
import { codeOf } from '../../helpers/errors';
import { FakeBus, FakeJournal, TEST_KEY } from '../intake/fakes';

/** The intake fake bus, knowing only the push route. */
class PushBus extends FakeBus {
  hasRoute(route: string): boolean {
    return route === CARPETA_PUSH_ROUTE;
  }
}

const PAYLOAD = { expediente: 'ES_L02000023_2026_EXP_SUB2026000457', state: 'in-progress', sequence: 4 };

function statusUpdate(): Envelope {
  return createEnvelope({
    type: 'expediente-status', schemaVersion: 1, tenant: 'L02000023', source: { system: 'gestor-expedientes', adapter: 'expediente-status-json@1' },
    idempotencyKey: 'client-key-1', correlationId: 'corr-1', payload: PAYLOAD,
  });
}

const receipt = (code: string, keys: Record<string, string> = {}): Receipt => ({ code, keys: { expediente: PAYLOAD.expediente, ...keys } });

function setup() {
  const journal = new FakeJournal(TEST_KEY);
  const bus = new PushBus();
  const push = createCarpetaPusher({ journal: journal.asJournal(), bus: bus.asBus(), logger: silentLogger() });
  return { journal, bus, push };
}

describe('queueing a projected change for Carpeta', () => {
  it('queues a carpeta-push message on the push route for an update the projection applied', async () => {
    const { journal, bus, push } = setup();
    const update = statusUpdate();
    await push(update, receipt('applied'));
    expect(bus.published).toHaveLength(1);
    const sent = bus.published[0];
    expect(sent).toMatchObject({
      type: 'carpeta-push', schemaVersion: 1, tenant: 'L02000023', payload: PAYLOAD,
      correlationId: 'corr-1', causationId: update.id, idempotencyKey: `carpeta-push:${update.id}`,
    });
    expect(sent.id).not.toBe(update.id);
    expect(journal.rows.get(sent.id)).toMatchObject({ route: CARPETA_PUSH_ROUTE, status: 'queued', type: 'carpeta-push' });
  });

  it('queues one for a redelivered update the projection had already applied', async () => {
    const { bus, push } = setup();
    await push(statusUpdate(), receipt('duplicate', { redelivered: 'true' }));
    expect(bus.published.map((e) => e.type)).toEqual(['carpeta-push']);
  });

  it.each([
    ['a stale update', receipt('stale')],
    ['a repeat of the projected sequence by another message', receipt('duplicate')],
    ['a duplicate marked as anything but redelivered', receipt('duplicate', { redelivered: 'false' })],
    ['a receipt it does not know', receipt('00')],
  ])('queues nothing for %s', async (_why, r) => {
    const { journal, bus, push } = setup();
    await push(statusUpdate(), r);
    expect(bus.published).toEqual([]);
    expect(journal.rows.size).toBe(0);
  });

  it('queues nothing a second time for the same update: the conflict of its idempotency key is swallowed', async () => {
    const { journal, bus, push } = setup();
    const update = statusUpdate();
    await push(update, receipt('applied'));
    await expect(push(update, receipt('duplicate', { redelivered: 'true' }))).resolves.toBeUndefined();
    expect(bus.published).toHaveLength(1);
    expect(journal.rows.size).toBe(1);
  });

  it('queues one push per update, each with its own key', async () => {
    const { bus, push } = setup();
    await push(statusUpdate(), receipt('applied'));
    await push(statusUpdate(), receipt('applied'));
    expect(new Set(bus.published.map((e) => e.idempotencyKey)).size).toBe(2);
  });

  it('keeps the journal row when the publish is not confirmed, to be queued again later', async () => {
    const { journal, bus, push } = setup();
    bus.down = true;
    await push(statusUpdate(), receipt('applied'));
    expect([...journal.rows.values()].map((r) => r.status)).toEqual(['received']);
  });

  it('lets any other journal failure through, for the route to retry', async () => {
    const { journal, push } = setup();
    journal.insertMessage = async (_m: NewMessage) => {
      throw new PasarelaError(Errors.JOURNAL_UNAVAILABLE);
    };
    const err = push(statusUpdate(), receipt('applied'));
    expect(await codeOf(err)).toBe('JOURNAL_UNAVAILABLE');
  });

  it('fails (INTAKE_NO_ROUTE) when the push route is not configured', async () => {
    const journal = new FakeJournal(TEST_KEY);
    const bus = new PushBus();
    bus.hasRoute = () => false;
    const push = createCarpetaPusher({ journal: journal.asJournal(), bus: bus.asBus(), logger: silentLogger() });
    expect(await codeOf(push(statusUpdate(), receipt('applied')))).toBe('INTAKE_NO_ROUTE');
  });
});
