import Database from 'better-sqlite3';
import { buildApp, type App } from '../../../src/app';
import { silentLogger } from '../../../src/observability/logger';
import { admin, adminSettled, createOperator, parkEntries } from '../../helpers/admin';
import { startStack, waitFor, type TestStack } from '../../helpers/stack';

const FILTER = { status: 'parked', route: 'registry-entry-to-sir' };

async function jobDone(stack: { url: string }, token: string, jobId: string) {
  return waitFor(() => admin(stack, token, 'GET', `/admin/v1/replays/${jobId}`), (j) => j.body?.status !== 'running', 60_000);
}

/** Every replay made of each of `ids` (from the journal), to count them. */
async function replaysOf(stack: TestStack, token: string, ids: string[]): Promise<number[]> {
  return Promise.all(ids.map(async (id) => (await admin(stack, token, 'GET', `/admin/v1/messages/${id}`)).body.replays.length as number));
}

describe('bulk replay of parked messages (real RabbitMQ, journal and SIR simulator)', () => {
  let stack: TestStack;
  let operator: string;

  beforeAll(async () => {
    stack = await startStack();
    operator = await createOperator(stack.app, 'operator', 'night.operator');
  });
  afterAll(() => stack.stop());
  afterEach(async () => {
    // Whatever a test left parked is dealt with, so the next one's filter sees only its own.
    const left = (await admin(stack, operator, 'GET', '/admin/v1/messages?status=parked&limit=500')).body.items;
    for (const m of left) await admin(stack, operator, 'POST', `/admin/v1/messages/${m.id}/discard`, { reason: 'test clean-up' });
    await stack.sim.setFaults({});
    stack.sim.reset();
  });

  it('answers a dry run with the count and a sample, and changes nothing', async () => {
    const ids = await parkEntries(stack, operator, 3);
    const dry = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.count).toBe(3);
    expect(dry.body.sample.map((m: any) => m.id).sort()).toEqual([...ids].sort());
    expect(dry.body.sample[0]).not.toHaveProperty('envelope');
    const limited = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER, dryRun: true, limit: 2 });
    expect(limited.body.count).toBe(2);
    for (const id of ids) expect((await admin(stack, operator, 'GET', `/admin/v1/messages/${id}`)).body.status).toBe('parked');
    expect((await admin(stack, operator, 'GET', '/admin/v1/replays')).body.items).toEqual([]);
    expect(stack.sim.stats().received).toBe(0);
  });

  it('replays every parked message after recovery, each delivered exactly once, with progress and an audit record', async () => {
    const ids = await parkEntries(stack, operator, 8);
    const started = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER, ratePerSecond: 20, reason: 'SIR outage over' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', total: 8, replayed: 0, createdBy: 'night.operator', ratePerSecond: 20 });
    const done = await jobDone(stack, operator, started.body.id);
    expect(done.body).toMatchObject({ status: 'completed', total: 8, replayed: 8, skipped: 0, failed: 0, remaining: 0, finishedAt: expect.any(String) });
    for (const id of ids) {
      const original = (await admin(stack, operator, 'GET', `/admin/v1/messages/${id}`)).body;
      expect(original.status).toBe('replayed');
      await adminSettled(stack, operator, original.replays[0].id, 'delivered');
    }
    expect(stack.sim.stats()).toMatchObject({ received: 8, unique: 8, duplicates: 0 });
    const audit = (await admin(stack, operator, 'GET', '/admin/v1/audit?action=bulk-replay')).body.items;
    expect(audit[0]).toMatchObject({ jobId: started.body.id, count: 8, reason: 'SIR outage over', filter: FILTER, operator: { name: 'night.operator', role: 'operator' } });
  });

  it('replays each message once when two bulk replays over the same filter run at the same time', async () => {
    const ids = await parkEntries(stack, operator, 10);
    const [a, b] = await Promise.all([
      admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER }),
      admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER }),
    ]);
    const [doneA, doneB] = await Promise.all([jobDone(stack, operator, a.body.id), jobDone(stack, operator, b.body.id)]);
    expect(doneA.body.replayed + doneB.body.replayed).toBe(10);
    expect(doneA.body.replayed + doneA.body.skipped).toBe(doneA.body.total);
    expect(doneB.body.replayed + doneB.body.skipped).toBe(doneB.body.total);
    expect(await replaysOf(stack, operator, ids)).toEqual(ids.map(() => 1));
    await waitFor(async () => stack.sim.stats().received, (n) => n >= 10);
    expect(stack.sim.stats()).toMatchObject({ unique: 10, duplicates: 0 });
  });

  it('stops at the limit, oldest first', async () => {
    const ids = await parkEntries(stack, operator, 4);
    const started = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER, limit: 2 });
    const done = await jobDone(stack, operator, started.body.id);
    expect(done.body).toMatchObject({ status: 'completed', total: 2, replayed: 2 });
    expect(await replaysOf(stack, operator, ids)).toEqual([1, 1, 0, 0]);
  });

  it('cancels a running job: what was not replayed stays parked', async () => {
    const ids = await parkEntries(stack, operator, 6);
    // One replay every 100 s: the cancel lands while the job waits after its first step.
    const started = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER, ratePerSecond: 0.01 });
    const cancelled = await admin(stack, operator, 'POST', `/admin/v1/replays/${started.body.id}/cancel`, { reason: 'wrong filter' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await admin(stack, operator, 'POST', `/admin/v1/replays/${started.body.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ADMIN_JOB_NOT_RUNNING');
    const final = (await admin(stack, operator, 'GET', `/admin/v1/replays/${started.body.id}`)).body;
    const counts = await replaysOf(stack, operator, ids);
    expect(counts.filter((c) => c === 1)).toHaveLength(final.replayed);
    expect(final.replayed).toBeLessThanOrEqual(1);
    // What it did replay is delivered before the next test makes SIR refuse everything.
    for (const id of ids) {
      const [replay] = (await admin(stack, operator, 'GET', `/admin/v1/messages/${id}`)).body.replays;
      if (replay) await adminSettled(stack, operator, replay.id, 'delivered');
    }
  });

  it('settles a message that cannot be replayed as failed and replays the others', async () => {
    const ids = await parkEntries(stack, operator, 4);
    // A row no replay can copy (its stored envelope is not JSON), as a damaged or hand-edited journal might hold.
    const db = new Database(stack.config.journal.url.slice('sqlite:'.length));
    db.prepare('update messages set envelope = ? where id = ?').run('{damaged', ids[1]);
    db.close();
    const started = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER });
    const done = await jobDone(stack, operator, started.body.id);
    expect(done.body).toMatchObject({ status: 'completed', total: 4, replayed: 3, failed: 1, skipped: 0, remaining: 0 });
    expect(await replaysOf(stack, operator, ids)).toEqual([1, 0, 1, 1]);
    expect((await admin(stack, operator, 'GET', `/admin/v1/messages/${ids[1]}`)).body.status).toBe('parked');
    // The operator can see which one, and why.
    const failed = (await admin(stack, operator, 'GET', `/admin/v1/replays/${started.body.id}/items?state=failed`)).body;
    expect(failed).toEqual({ items: [{ seq: 2, messageId: ids[1], state: 'failed', replayId: null, note: expect.stringContaining('replay failed') }], nextAfter: null });
    const first = (await admin(stack, operator, 'GET', `/admin/v1/replays/${started.body.id}/items?limit=3`)).body;
    expect(first.items.map((i: any) => i.state)).toEqual(['replayed', 'failed', 'replayed']);
    const rest = (await admin(stack, operator, 'GET', `/admin/v1/replays/${started.body.id}/items?limit=3&after=${first.nextAfter}`)).body;
    expect(rest).toEqual({ items: [expect.objectContaining({ seq: 4, messageId: ids[3], state: 'replayed' })], nextAfter: null });
    expect((await admin(stack, operator, 'GET', `/admin/v1/replays/${started.body.id}/items?state=lost`)).body.code).toBe('ADMIN_BAD_REQUEST');
    // Left parked for an operator; the clean-up discards it (discarding reads no envelope).
  });

  it('refuses a filter it does not understand, or one naming a status other than parked', async () => {
    const typo = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: { rute: 'registry-entry-to-sir' } });
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual([expect.objectContaining({ pointer: '/filter/rute', code: 'UNKNOWN_FIELD' })]);
    const delivered = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: { status: 'delivered' } });
    expect(delivered.status).toBe(400);
    expect(delivered.body.errors).toEqual([expect.objectContaining({ pointer: '/filter/status' })]);
    const rate = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER, ratePerSecond: -1 });
    expect(rate.body.errors).toEqual([expect.objectContaining({ pointer: '/ratePerSecond' })]);
    expect((await admin(stack, operator, 'GET', '/admin/v1/replays')).body.items.filter((j: any) => j.status === 'running')).toEqual([]);
  });
});

describe('a bulk replay interrupted by a restart', () => {
  let stack: TestStack;
  let second: App | undefined;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await second?.stop();
    await stack.stop();
  });

  it('resumes where it stopped after pasarela restarts, replaying no message twice', async () => {
    const operator = await createOperator(stack.app, 'operator');
    const ids = await parkEntries(stack, operator, 12);
    const started = await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER, ratePerSecond: 4 });
    await waitFor(() => admin(stack, operator, 'GET', `/admin/v1/replays/${started.body.id}`), (j) => j.body.replayed >= 2);
    await stack.app.stop();
    second = buildApp(stack.config, { role: 'all', logger: silentLogger() });
    await second.start();
    const restarted = { url: second.url()! };
    const before = (await admin(restarted, operator, 'GET', `/admin/v1/replays/${started.body.id}`)).body;
    expect(before.status).toBe('running');
    expect(before.replayed).toBeLessThan(12);
    const done = await jobDone(restarted, operator, started.body.id);
    expect(done.body).toMatchObject({ status: 'completed', replayed: 12, skipped: 0 });
    const counts = await Promise.all(ids.map(async (id) => (await admin(restarted, operator, 'GET', `/admin/v1/messages/${id}`)).body.replays.length));
    expect(counts).toEqual(ids.map(() => 1));
    await waitFor(async () => stack.sim.stats().received, (n) => n >= 12);
    expect(stack.sim.stats()).toMatchObject({ unique: 12, duplicates: 0 });
  });
});
