import { admin, adminSettled, createOperator, parkEntries } from '../../helpers/admin';
import { exampleEntry, startStack, type TestStack } from '../../helpers/stack';

describe('replaying, editing and discarding one parked message (real RabbitMQ, journal and SIR simulator)', () => {
  let stack: TestStack;
  let operator: string;
  let adminToken: string;

  beforeAll(async () => {
    stack = await startStack();
    operator = await createOperator(stack.app, 'operator', 'ana.operator');
    adminToken = await createOperator(stack.app, 'admin', 'luis.admin');
  });
  afterAll(() => stack.stop());
  afterEach(async () => {
    await stack.sim.setFaults({});
    stack.sim.reset();
  });

  it('replays a parked entry once SIR has recovered: delivered exactly once, linked both ways', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const replay = await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/replay`, { reason: 'SIR is back' });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ id, replayId: expect.any(String), status: 'queued' });
    const delivered = await adminSettled(stack, operator, replay.body.replayId, 'delivered');
    expect(delivered.body).toMatchObject({ replayOf: id, route: 'registry-entry-to-sir' });
    const original = (await admin(stack, operator, 'GET', `/admin/v1/messages/${id}`)).body;
    expect(original.status).toBe('replayed');
    expect(original.replays).toEqual([{ id: replay.body.replayId, status: 'delivered', createdAt: expect.any(String) }]);
    expect(original.history.at(-1)).toMatchObject({ event: 'replayed', status: 'replayed', detail: `replayed by an operator as ${replay.body.replayId}` });
    // Hops are shown to the municipality too: who replayed it is in the audit, not the history.
    expect(JSON.stringify(original.history)).not.toContain('ana.operator');
    expect(original.parked[0]).toMatchObject({ code: 'SIR_REJECTED' });
    expect(original.parked[0]).not.toHaveProperty('body');
    expect(stack.sim.stats()).toMatchObject({ received: 1, unique: 1, duplicates: 0 });
  });

  it('refuses a second replay of the same message with 409, naming the replay already made', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const first = await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/replay`);
    const second = await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/replay`);
    expect(first.status).toBe(202);
    expect(second.status).toBe(409);
    expect(second.contentType).toMatch(/^application\/problem\+json/);
    expect(second.body).toMatchObject({ code: 'ADMIN_NOT_REPLAYABLE', detail: expect.stringContaining(first.body.replayId) });
    await adminSettled(stack, operator, first.body.replayId, 'delivered');
    expect(stack.sim.stats().duplicates).toBe(0);
  });

  it('answers concurrent replays of one message with one 202 and 409s, and sends it once', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const answers = await Promise.all(Array.from({ length: 5 }, () => admin(stack, operator, 'POST', `/admin/v1/messages/${id}/replay`)));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409, 409]);
    const made = answers.find((a) => a.status === 202)!.body.replayId as string;
    await adminSettled(stack, operator, made, 'delivered');
    expect(stack.sim.stats()).toMatchObject({ received: 1, duplicates: 0 });
  });

  it('refuses to replay a message that is not parked', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const { body } = await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/replay`);
    await adminSettled(stack, operator, body.replayId, 'delivered');
    const again = await admin(stack, operator, 'POST', `/admin/v1/messages/${body.replayId}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ADMIN_NOT_REPLAYABLE');
    const missing = await admin(stack, operator, 'POST', '/admin/v1/messages/0190a000-0000-7000-8000-000000000000/replay');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ADMIN_NOT_FOUND');
  });

  it('replays a corrected payload as a new message, keeping the diff in the audit', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const payload = (await admin(stack, adminToken, 'GET', `/admin/v1/messages/${id}/payload`)).body.payload;
    payload.subject.summary = 'Solicitud de licencia de obra menor (corregida)';
    const edited = await admin(stack, adminToken, 'POST', `/admin/v1/messages/${id}/edit-and-replay`, { payload, reason: 'subject fixed at the citizen\'s request' });
    expect(edited.status).toBe(202);
    expect(edited.body.diff).toEqual([{ op: 'replace', path: '/subject/summary', value: payload.subject.summary }]);
    await adminSettled(stack, adminToken, edited.body.replayId, 'delivered');
    const replayed = (await admin(stack, adminToken, 'GET', `/admin/v1/messages/${edited.body.replayId}/payload`)).body.payload;
    expect(replayed.subject.summary).toBe(payload.subject.summary);
    const audit = (await admin(stack, adminToken, 'GET', `/admin/v1/audit?messageId=${id}`)).body.items;
    expect(audit.map((a: any) => a.action)).toEqual(['edit-and-replay', 'view-payload']);
    expect(audit[0]).toMatchObject({ operator: { name: 'luis.admin', role: 'admin' }, reason: expect.stringContaining('subject fixed'), diff: edited.body.diff });
    expect(stack.sim.stats().duplicates).toBe(0);
  });

  it('rejects an edit that breaks the canonical schema, and changes nothing', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const payload = { ...exampleEntry(), subject: 42 };
    const refused = await admin(stack, adminToken, 'POST', `/admin/v1/messages/${id}/edit-and-replay`, { payload, reason: 'try' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'ADMIN_INVALID_PAYLOAD', errors: expect.arrayContaining([expect.objectContaining({ pointer: '/subject' })]) });
    const after = (await admin(stack, adminToken, 'GET', `/admin/v1/messages/${id}`)).body;
    expect(after).toMatchObject({ status: 'parked', replays: [] });
    expect((await admin(stack, adminToken, 'GET', `/admin/v1/audit?messageId=${id}&action=edit-and-replay`)).body.items).toEqual([]);
  });

  it("rejects an edit of the entry's Identificador_Intercambio", async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const payload = (await admin(stack, adminToken, 'GET', `/admin/v1/messages/${id}/payload`)).body.payload;
    payload.control.exchangeId = `${payload.origin.office}_26_99999999`;
    const refused = await admin(stack, adminToken, 'POST', `/admin/v1/messages/${id}/edit-and-replay`, { payload, reason: 'try' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ pointer: '/control/exchangeId', code: 'FIXED_FIELD', detail: 'may not change in a replay' }]);
  });

  it('leaves edit-and-replay to admins: an operator gets 403', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const refused = await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/edit-and-replay`, { payload: exampleEntry(), reason: 'try' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ADMIN_FORBIDDEN_ROLE');
  });

  it('discards a parked message only with a reason, and records who and why', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    const without = await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/discard`, {});
    expect(without.status).toBe(400);
    expect(without.body.errors).toEqual([expect.objectContaining({ pointer: '/reason', code: 'REQUIRED' })]);
    const done = await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/discard`, { reason: 'sent on paper by the office' });
    expect(done).toMatchObject({ status: 200, body: { id, status: 'discarded' } });
    const message = (await admin(stack, operator, 'GET', `/admin/v1/messages/${id}`)).body;
    // The reason may name people: it is kept in the audit, not in the history the municipality reads.
    expect(message.history.at(-1)).toMatchObject({ event: 'discarded', detail: 'discarded by an operator' });
    expect(JSON.stringify(message.history)).not.toContain('sent on paper');
    const replay = await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/replay`);
    expect(replay.status).toBe(409);
    const audit = (await admin(stack, operator, 'GET', `/admin/v1/audit?messageId=${id}`)).body.items;
    expect(audit).toEqual([expect.objectContaining({ action: 'discard', reason: 'sent on paper by the office', operator: expect.objectContaining({ name: 'ana.operator' }) })]);
  });
});
