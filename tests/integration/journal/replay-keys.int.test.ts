import type { Journal } from '../../../src/journal/journal';
import { codeOf } from '../../helpers/errors';
import { ALICE, BOB, ROUTE, fromNow, park, parked, replaysOf } from './operations-fixtures';
import { BACKENDS, freshJournal } from './stores';

describe.each(BACKENDS)('what a replay carries over, on %s', (_name, fresh) => {
  let journal: Journal;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ journal, dispose } = await freshJournal(fresh));
  });
  afterEach(() => dispose());

  /** Replay `id`, park its replay again, and resolve the replay's id. */
  async function replayAndParkAgain(id: string): Promise<string> {
    const made = await journal.operations.replay({ messageId: id, actor: ALICE });
    await journal.transition(made.replayId, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 });
    await park(journal, made.replayId, ROUTE);
    return made.replayId;
  }

  it('keeps the delivery key of the first message through a chain of replays', async () => {
    const first = await parked(journal);
    const second = await replayAndParkAgain(first);
    const third = (await journal.operations.replay({ messageId: second, actor: BOB })).replayId;
    expect((await journal.getMessage(first))?.deliveryKey).toBe(first);
    expect((await journal.getMessage(second))?.deliveryKey).toBe(first);
    expect(await journal.getMessage(third)).toMatchObject({ replayOf: second, deliveryKey: first });
  });

  it('refuses to replay a message whose route no worker takes any more, and leaves it parked', async () => {
    const id = await parked(journal, { route: 'retired-route' });
    expect(await codeOf(journal.operations.replay({ messageId: id, actor: ALICE, routes: [ROUTE] }))).toBe('INTAKE_NO_ROUTE');
    expect((await journal.getMessage(id))?.status).toBe('parked');
    expect(await replaysOf(journal, id)).toEqual([]);
    expect((await journal.operations.listAudit({ messageId: id }, { limit: 10 })).items).toEqual([]);
  });

  it('settles a job item whose route is gone as failed, and replays the others', async () => {
    const gone = await parked(journal, { route: 'retired-route' });
    const kept = await parked(journal);
    const job = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
    await journal.operations.claimReplayJob('owner', fromNow(60_000));
    const step = await journal.operations.stepReplayJob(job.id, 'owner', 10, fromNow(60_000), [ROUTE]);
    expect(step.made.map((m) => m.originalId)).toEqual([kept]);
    expect(await journal.operations.getReplayJob(job.id)).toMatchObject({ status: 'completed', total: 2, replayed: 1, failed: 1, skipped: 0 });
    expect((await journal.getMessage(gone))?.status).toBe('parked');
  });

  it('gives an edited replay the registry number its corrected payload carries', async () => {
    const id = await parked(journal, { registryNumber: 'REG-OLD' });
    const made = await journal.operations.replay({ messageId: id, actor: BOB, edit: { payload: { fixed: true }, diff: [], registryNumber: 'REG-NEW' } });
    expect((await journal.getMessage(made.replayId))?.registryNumber).toBe('REG-NEW');
    const found = await journal.operations.searchMessages({ q: 'REG-NEW' }, { limit: 10 });
    expect(found.items.map((m) => m.id)).toEqual([made.replayId]);
  });

  it('finds the audit of the bulk replay that replayed a message, by the message id', async () => {
    const id = await parked(journal);
    const job = await journal.operations.createReplayJob({ filter: {}, actor: ALICE, reason: 'outage over' });
    const audit = await journal.operations.listAudit({ messageId: id }, { limit: 10 });
    expect(audit.items).toEqual([expect.objectContaining({ action: 'bulk-replay', jobId: job.id, reason: 'outage over' })]);
  });
});
