import type { Journal } from '../../../src/journal/journal';
import type { JobStep, ReplayJob } from '../../../src/journal/operations';
import { ALICE, BOB, ROUTE, delivering, fromNow, parked, parkedMany, replaysOf } from './operations-fixtures';
import { BACKENDS, freshJournal, ISO_MS } from './stores';

const LEASE = 60_000;

function originals(steps: JobStep[]): string[] {
  return steps.flatMap((s) => s.made.map((m) => m.originalId));
}

describe.each(BACKENDS)('bulk replay jobs on %s', (_name, fresh) => {
  let journal: Journal;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ journal, dispose } = await freshJournal(fresh));
  });
  afterEach(() => dispose());

  async function job(id: string): Promise<ReplayJob> {
    const found = await journal.operations.getReplayJob(id);
    if (!found) throw new Error(`no job ${id}`);
    return found;
  }

  /** Claim the (only free) job for `owner` and check it is `expected`. */
  async function claim(owner: string, expected: ReplayJob, until = fromNow(LEASE)): Promise<void> {
    expect((await journal.operations.claimReplayJob(owner, until))?.id).toBe(expected.id);
  }

  /** Steps of `n` until the job says it is finished; every step is returned. */
  async function stepToEnd(jobId: string, owner: string, n: number): Promise<JobStep[]> {
    const steps: JobStep[] = [];
    do steps.push(await journal.operations.stepReplayJob(jobId, owner, n, fromNow(LEASE)));
    while (!steps.at(-1)!.finished && steps.length < 1000);
    return steps;
  }

  /** How many replays each message has, in the order given. */
  async function replayCounts(ids: string[]): Promise<number[]> {
    return Promise.all(ids.map(async (id) => (await replaysOf(journal, id)).length));
  }

  describe('createReplayJob', () => {
    it('freezes the parked messages matching the filter, oldest first, at most limit, with a bulk-replay audit record', async () => {
      const [a1, a2] = await parkedMany(journal, 2, { route: 'route-a' });
      await parked(journal, { route: 'route-b' });
      const a3 = await parked(journal, { route: 'route-a' });
      await delivering(journal, { route: 'route-a' });
      const created = await journal.operations.createReplayJob({ filter: { route: 'route-a' }, limit: 2, reason: 'SIR is back', actor: ALICE });
      expect(created).toEqual({
        id: expect.any(String), status: 'running', filter: { route: 'route-a', status: 'parked' }, limit: 2, ratePerSecond: null, reason: 'SIR is back',
        total: 2, replayed: 0, skipped: 0, failed: 0, createdBy: 'alice', createdAt: expect.stringMatching(ISO_MS), updatedAt: created.createdAt, finishedAt: null,
      });
      expect(await journal.operations.getReplayJob(created.id)).toEqual(created);
      expect((await journal.operations.listAudit({ action: 'bulk-replay' }, { limit: 10 })).items).toEqual([expect.objectContaining({
        operator: ALICE, jobId: created.id, messageId: null, filter: { route: 'route-a', status: 'parked' }, count: 2, reason: 'SIR is back',
      })]);

      await claim('owner-a', created);
      expect(originals(await stepToEnd(created.id, 'owner-a', 10))).toEqual([a1, a2]);
      expect((await journal.getMessage(a3))?.status).toBe('parked');
    });

    it('leaves out messages parked after the job was created', async () => {
      const before = await parkedMany(journal, 3);
      const created = await journal.operations.createReplayJob({ filter: {}, ratePerSecond: 5, actor: ALICE });
      const after = await parked(journal);
      expect(created).toMatchObject({ total: 3, limit: null, ratePerSecond: 5 });
      await claim('owner-a', created);
      expect(originals(await stepToEnd(created.id, 'owner-a', 2))).toEqual(before);
      expect((await journal.getMessage(after))?.status).toBe('parked');
      expect(await job(created.id)).toMatchObject({ status: 'completed', total: 3, replayed: 3, skipped: 0 });
    });

    it('creates a job with nothing to select as completed with a total of zero, which nobody claims', async () => {
      await parked(journal, { route: 'route-a' });
      const created = await journal.operations.createReplayJob({ filter: { route: 'route-none' }, actor: BOB });
      expect(created).toMatchObject({ status: 'completed', total: 0, replayed: 0, finishedAt: expect.stringMatching(ISO_MS) });
      expect(await journal.operations.claimReplayJob('owner-a', fromNow(LEASE))).toBeUndefined();
      expect((await journal.operations.listAudit({ messageId: created.id }, { limit: 10 })).items).toEqual([
        expect.objectContaining({ action: 'bulk-replay', operator: BOB, jobId: created.id, count: 0 }),
      ]);
    });

    it('lists jobs newest first, at most limit', async () => {
      await parkedMany(journal, 2);
      const first = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      const second = await journal.operations.createReplayJob({ filter: { route: 'route-none' }, actor: ALICE });
      expect((await journal.operations.listReplayJobs(10)).map((j) => j.id)).toEqual([second.id, first.id]);
      expect((await journal.operations.listReplayJobs(1)).map((j) => j.id)).toEqual([second.id]);
    });
  });

  describe('claimReplayJob', () => {
    it('leases a job to one owner while the lease is live', async () => {
      await parkedMany(journal, 2);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await claim('owner-a', created);
      expect(await journal.operations.claimReplayJob('owner-b', fromNow(LEASE))).toBeUndefined();
      expect(await journal.operations.claimReplayJob('owner-a', fromNow(LEASE))).toBeUndefined();
    });

    it('lets another owner take a job whose lease has run out, and the first owner then steps nothing', async () => {
      const ids = await parkedMany(journal, 2);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await claim('owner-a', created, fromNow(-LEASE));
      await claim('owner-b', created);
      expect(await journal.operations.stepReplayJob(created.id, 'owner-a', 10, fromNow(LEASE))).toEqual({ made: [], finished: true });
      expect(await replayCounts(ids)).toEqual([0, 0]);
      expect(originals(await stepToEnd(created.id, 'owner-b', 10))).toEqual(ids);
    });

    it('leases a job to exactly one of five owners claiming at the same time', async () => {
      await parkedMany(journal, 2);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      const owners = ['o1', 'o2', 'o3', 'o4', 'o5'];
      const claims = await Promise.all(owners.map((owner) => journal.operations.claimReplayJob(owner, fromNow(LEASE))));
      expect(claims.filter((c) => c !== undefined).map((c) => c!.id)).toEqual([created.id]);
      const winner = owners[claims.findIndex((c) => c !== undefined)];
      const steps = await Promise.all(owners.map((owner) => journal.operations.stepReplayJob(created.id, owner, 10, fromNow(LEASE))));
      expect(steps.map((s) => s.made.length)).toEqual(owners.map((o) => (o === winner ? 2 : 0)));
    });

    it('hands out the oldest free job first, then the next one', async () => {
      await parkedMany(journal, 2);
      const first = await journal.operations.createReplayJob({ filter: {}, limit: 1, actor: ALICE });
      const second = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await claim('owner-a', first);
      await claim('owner-b', second);
      expect(await journal.operations.claimReplayJob('owner-c', fromNow(LEASE))).toBeUndefined();
    });
  });

  describe('stepReplayJob', () => {
    it('replays n items per step in order and completes the job once none is pending', async () => {
      const ids = await parkedMany(journal, 5);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE, reason: 'outage over' });
      await claim('owner-a', created);
      const first = await journal.operations.stepReplayJob(created.id, 'owner-a', 2, fromNow(LEASE));
      expect({ originals: originals([first]), finished: first.finished }).toEqual({ originals: ids.slice(0, 2), finished: false });
      expect(await job(created.id)).toMatchObject({ status: 'running', replayed: 2, skipped: 0, finishedAt: null });
      expect(await replayCounts(ids)).toEqual([1, 1, 0, 0, 0]);

      const rest = await stepToEnd(created.id, 'owner-a', 2);
      expect(rest.map((s) => s.made.length)).toEqual([2, 1]);
      expect(originals(rest)).toEqual(ids.slice(2));
      expect(await job(created.id)).toMatchObject({ status: 'completed', total: 5, replayed: 5, skipped: 0, failed: 0, finishedAt: expect.stringMatching(ISO_MS) });
      expect(await replayCounts(ids)).toEqual([1, 1, 1, 1, 1]);
      for (const made of [...first.made, ...rest.flatMap((s) => s.made)]) {
        expect(await journal.getMessage(made.replayId)).toMatchObject({ status: 'received', route: ROUTE, envelope: made.envelope });
        expect((await journal.getMessage(made.originalId))?.status).toBe('replayed');
      }
      // A job audits once, at creation: its replays add no records of their own.
      expect((await journal.operations.listAudit({}, { limit: 10 })).items.map((a) => a.action)).toEqual(['bulk-replay']);
      expect(await journal.operations.stepReplayJob(created.id, 'owner-a', 2, fromNow(LEASE))).toEqual({ made: [], finished: true });
    });

    it('finishes with an empty step when the last step took exactly the pending items', async () => {
      const ids = await parkedMany(journal, 4);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await claim('owner-a', created);
      const steps = await stepToEnd(created.id, 'owner-a', 2);
      expect(steps.map((s) => [s.made.length, s.finished])).toEqual([[2, false], [2, false], [0, true]]);
      expect(originals(steps)).toEqual(ids);
      expect(await job(created.id)).toMatchObject({ status: 'completed', replayed: 4 });
    });

    it("does nothing for an owner that does not hold the job's lease", async () => {
      const ids = await parkedMany(journal, 2);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      expect(await journal.operations.stepReplayJob(created.id, 'owner-a', 10, fromNow(LEASE))).toEqual({ made: [], finished: true });
      await claim('owner-a', created);
      expect(await journal.operations.stepReplayJob(created.id, 'owner-b', 10, fromNow(LEASE))).toEqual({ made: [], finished: true });
      expect(await replayCounts(ids)).toEqual([0, 0]);
      expect(await job(created.id)).toMatchObject({ status: 'running', replayed: 0, skipped: 0 });
    });

    it('skips an item whose message was replayed by hand meanwhile and does not replay it again', async () => {
      const [m1, m2, m3] = await parkedMany(journal, 3);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      const byHand = await journal.operations.replay({ messageId: m2, actor: BOB });
      await claim('owner-a', created);
      expect(originals(await stepToEnd(created.id, 'owner-a', 10))).toEqual([m1, m3]);
      expect(await job(created.id)).toMatchObject({ status: 'completed', total: 3, replayed: 2, skipped: 1 });
      expect(await replaysOf(journal, m2)).toEqual([byHand.replayId]);
    });

    it('skips an item whose message was discarded meanwhile', async () => {
      const [m1, m2] = await parkedMany(journal, 2);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await journal.operations.discard(m1, BOB, 'obsolete');
      await claim('owner-a', created);
      expect(originals(await stepToEnd(created.id, 'owner-a', 10))).toEqual([m2]);
      expect(await job(created.id)).toMatchObject({ replayed: 1, skipped: 1 });
      expect((await journal.getMessage(m1))?.status).toBe('discarded');
    });
  });

  describe('two jobs over the same messages', () => {
    async function twoJobs(n: number): Promise<{ ids: string[]; first: ReplayJob; second: ReplayJob }> {
      const ids = await parkedMany(journal, n);
      const first = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      const second = await journal.operations.createReplayJob({ filter: {}, actor: BOB });
      expect([first.total, second.total]).toEqual([n, n]);
      await claim('owner-a', first);
      await claim('owner-b', second);
      return { ids, first, second };
    }

    async function expectEachReplayedOnce(ids: string[], first: ReplayJob, second: ReplayJob): Promise<void> {
      expect(await replayCounts(ids)).toEqual(ids.map(() => 1));
      const [a, b] = [await job(first.id), await job(second.id)];
      expect([a.status, b.status]).toEqual(['completed', 'completed']);
      expect(a.replayed + b.replayed).toBe(ids.length);
      expect(a.replayed + a.skipped).toBe(ids.length);
      expect(b.replayed + b.skipped).toBe(ids.length);
    }

    it('replays every message exactly once when two owners step them alternately', async () => {
      const { ids, first, second } = await twoJobs(6);
      const made: string[] = [];
      let finished = [false, false];
      while (!finished.every(Boolean)) {
        const a = await journal.operations.stepReplayJob(first.id, 'owner-a', 1, fromNow(LEASE));
        const b = await journal.operations.stepReplayJob(second.id, 'owner-b', 2, fromNow(LEASE));
        made.push(...originals([a, b]));
        finished = [a.finished, b.finished];
      }
      expect([...made].sort()).toEqual([...ids].sort());
      await expectEachReplayedOnce(ids, first, second);
    });

    it('replays every message exactly once when two owners step at the same time', async () => {
      const { ids, first, second } = await twoJobs(8);
      const made: string[] = [];
      let finished = [false, false];
      while (!finished.every(Boolean)) {
        const steps = await Promise.all([
          journal.operations.stepReplayJob(first.id, 'owner-a', 3, fromNow(LEASE)),
          journal.operations.stepReplayJob(second.id, 'owner-b', 3, fromNow(LEASE)),
        ]);
        made.push(...originals(steps));
        finished = steps.map((s) => s.finished);
      }
      expect([...made].sort()).toEqual([...ids].sort());
      await expectEachReplayedOnce(ids, first, second);
    });
  });

  describe('resume, release and cancel', () => {
    it('resumes a job whose owner lost its lease: the new owner finishes it and nothing is replayed twice', async () => {
      const ids = await parkedMany(journal, 6);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await claim('owner-a', created, fromNow(-LEASE));
      // Owner A steps while (already) expired, then dies: its lease is never renewed.
      const partial = await journal.operations.stepReplayJob(created.id, 'owner-a', 2, fromNow(-LEASE));
      expect(originals([partial])).toEqual(ids.slice(0, 2));
      await claim('owner-b', created);
      expect(await journal.operations.stepReplayJob(created.id, 'owner-a', 2, fromNow(LEASE))).toEqual({ made: [], finished: true });
      const rest = await stepToEnd(created.id, 'owner-b', 3);
      expect(originals(rest)).toEqual(ids.slice(2));
      expect(await replayCounts(ids)).toEqual(ids.map(() => 1));
      expect(await job(created.id)).toMatchObject({ status: 'completed', total: 6, replayed: 6, skipped: 0 });
    });

    it('lets another owner claim a released job at once, and ignores a release by an owner that does not hold it', async () => {
      await parkedMany(journal, 2);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await claim('owner-a', created);
      await journal.operations.releaseReplayJob(created.id, 'owner-b');
      expect(await journal.operations.claimReplayJob('owner-b', fromNow(LEASE))).toBeUndefined();
      await journal.operations.releaseReplayJob(created.id, 'owner-a');
      await claim('owner-b', created);
      expect(await journal.operations.stepReplayJob(created.id, 'owner-a', 10, fromNow(LEASE))).toEqual({ made: [], finished: true });
      expect((await journal.operations.stepReplayJob(created.id, 'owner-b', 10, fromNow(LEASE))).made).toHaveLength(2);
    });

    it('cancels a running job: steps stop, a cancel-replay record is written, and a second cancel resolves false', async () => {
      const ids = await parkedMany(journal, 4);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await claim('owner-a', created);
      await journal.operations.stepReplayJob(created.id, 'owner-a', 1, fromNow(LEASE));
      expect(await journal.operations.cancelReplayJob(created.id, BOB, 'wrong filter')).toBe(true);
      expect(await journal.operations.stepReplayJob(created.id, 'owner-a', 10, fromNow(LEASE))).toEqual({ made: [], finished: true });
      expect(await job(created.id)).toMatchObject({ status: 'cancelled', replayed: 1, finishedAt: expect.stringMatching(ISO_MS) });
      expect(await replayCounts(ids)).toEqual([1, 0, 0, 0]);
      expect(await journal.operations.claimReplayJob('owner-b', fromNow(LEASE))).toBeUndefined();
      expect((await journal.operations.listAudit({ action: 'cancel-replay' }, { limit: 10 })).items).toEqual([
        expect.objectContaining({ operator: BOB, jobId: created.id, reason: 'wrong filter' }),
      ]);
      expect(await journal.operations.cancelReplayJob(created.id, BOB)).toBe(false);
      expect((await journal.operations.listAudit({ action: 'cancel-replay' }, { limit: 10 })).items).toHaveLength(1);
    });

    it('does not cancel a completed job', async () => {
      await parked(journal);
      const created = await journal.operations.createReplayJob({ filter: {}, actor: ALICE });
      await claim('owner-a', created);
      await stepToEnd(created.id, 'owner-a', 10);
      expect(await journal.operations.cancelReplayJob(created.id, BOB)).toBe(false);
      expect((await job(created.id)).status).toBe('completed');
    });
  });
});
