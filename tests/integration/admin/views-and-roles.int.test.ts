import { generateOperatorToken } from '../../../src/admin/tokens';
import { ADMIN_ROLES } from '../../../src/admin/roles';
import { admin, createOperator, parkEntries } from '../../helpers/admin';
import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

describe('the admin API: who may call it, and what it shows (real RabbitMQ, journal and SIR simulator)', () => {
  let stack: TestStack;
  let viewer: string;
  let operator: string;

  beforeAll(async () => {
    stack = await startStack();
    viewer = await createOperator(stack.app, 'viewer', 'eva.viewer');
    operator = await createOperator(stack.app, 'operator', 'ana.operator');
  });
  afterAll(() => stack.stop());
  afterEach(async () => {
    await stack.sim.setFaults({});
    stack.sim.reset();
  });

  it('refuses a call without a token, with a tenant API key, or with an unknown token', async () => {
    const none = await admin(stack, undefined, 'GET', '/admin/v1/messages');
    expect(none).toMatchObject({ status: 401, body: { code: 'ADMIN_MISSING_TOKEN' } });
    expect(none.contentType).toMatch(/^application\/problem\+json/);
    const tenantKey = await admin(stack, stack.key, 'GET', '/admin/v1/failures');
    expect(tenantKey).toMatchObject({ status: 401, body: { code: 'ADMIN_INVALID_TOKEN' } });
    const unknown = await admin(stack, generateOperatorToken().token, 'GET', '/admin/v1/failures');
    expect(unknown).toMatchObject({ status: 401, body: { code: 'ADMIN_INVALID_TOKEN' } });
  });

  it('stops a revoked operator token at once', async () => {
    const { token, hash, prefix } = generateOperatorToken();
    const row = await stack.app.journal.operations.createOperator({ name: 'leaving', role: 'admin', hash, prefix });
    expect((await admin(stack, token, 'GET', '/admin/v1/failures')).status).toBe(200);
    await stack.app.journal.operations.revokeOperator(row.id);
    expect((await admin(stack, token, 'GET', '/admin/v1/failures')).status).toBe(401);
  });

  it('lets a viewer read but not replay, discard or start a bulk replay (403)', async () => {
    const [id] = await parkEntries(stack, operator, 1);
    expect((await admin(stack, viewer, 'GET', `/admin/v1/messages/${id}`)).status).toBe(200);
    const calls = [
      ['POST', `/admin/v1/messages/${id}/replay`, {}],
      ['POST', `/admin/v1/messages/${id}/discard`, { reason: 'x' }],
      ['POST', '/admin/v1/replays', { filter: { route: 'registry-entry-to-sir' } }],
      ['GET', `/admin/v1/messages/${id}/payload`, undefined],
    ] as const;
    for (const [method, path, body] of calls) {
      expect(await admin(stack, viewer, method, path, body)).toMatchObject({ status: 403, body: { code: 'ADMIN_FORBIDDEN_ROLE' } });
    }
    expect((await admin(stack, viewer, 'GET', `/admin/v1/messages/${id}`)).body.status).toBe('parked');
  });

  it('serves every endpoint of the role table, each reachable by an admin', async () => {
    const adminToken = await createOperator(stack.app, 'admin');
    const unknownId = '0190a000-0000-7000-8000-000000000000';
    for (const key of Object.keys(ADMIN_ROLES)) {
      const [method, pattern] = key.split(' ');
      const res = await admin(stack, adminToken, method, pattern.replace(':id', unknownId), method === 'POST' ? {} : undefined);
      // Served: an answer of the endpoint itself (a refusal of the empty body, an unknown id), never "no endpoint" or a role refusal.
      expect([key, res.body?.code]).not.toEqual([key, 'INTAKE_NOT_FOUND']);
      expect([key, res.status]).not.toEqual([key, 403]);
    }
  });

  it('keeps tenant keys and operators apart: an operator token cannot reach the tenant API', async () => {
    const res = await fetch(`${stack.url}/v1/messages/0190a000-0000-7000-8000-000000000000`, { headers: { authorization: `Bearer ${operator}` } });
    expect(res.status).toBe(401);
  });

  it('finds a message by its registry number, its Identificador_Intercambio and its correlation id', async () => {
    const id = (await post(stack, exampleEntry())).body.id as string;
    const delivered = await waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered');
    const { registryNumber, exchangeId } = delivered.body;
    for (const q of [registryNumber, exchangeId, id]) {
      const found = await admin(stack, viewer, 'GET', `/admin/v1/messages?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((m: any) => m.id)).toContain(id);
    }
    const byExchange = (await admin(stack, viewer, 'GET', `/admin/v1/messages?q=${encodeURIComponent(exchangeId)}`)).body.items;
    expect(byExchange).toEqual([expect.objectContaining({ id, exchangeId, tenant: 'L02000023', status: 'delivered' })]);
    expect(byExchange[0]).not.toHaveProperty('envelope');
  });

  it('filters by status, route, tenant, type and time window, and pages with a cursor', async () => {
    const from = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await post(stack, exampleEntry())).body.id);
    await Promise.all(ids.map((id) => waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered')));
    const query = `tenant=L02000023&type=registry-entry&route=registry-entry-to-sir&status=delivered&from=${encodeURIComponent(from)}`;
    const first = (await admin(stack, viewer, 'GET', `/admin/v1/messages?${query}&limit=2`)).body;
    expect(first.items.map((m: any) => m.id)).toEqual([ids[2], ids[1]]);
    const second = (await admin(stack, viewer, 'GET', `/admin/v1/messages?${query}&limit=2&cursor=${first.nextCursor}`)).body;
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const other = (await admin(stack, viewer, 'GET', `/admin/v1/messages?tenant=L01230001&from=${encodeURIComponent(from)}`)).body;
    expect(other.items).toEqual([]);
    const bad = await admin(stack, viewer, 'GET', '/admin/v1/messages?status=lost&from=yesterday&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/query/colour', '/query/from', '/query/status']);
  });

  it('groups what is failing now by route and error code, with counts and first and last seen', async () => {
    const ids = await parkEntries(stack, operator, 3);
    const failures = (await admin(stack, viewer, 'GET', '/admin/v1/failures')).body;
    const group = failures.groups.find((g: any) => g.code === 'SIR_REJECTED');
    expect(group).toMatchObject({ route: 'registry-entry-to-sir', count: expect.any(Number), lastDetail: expect.any(String) });
    expect(group.count).toBeGreaterThanOrEqual(3);
    expect(Date.parse(group.firstSeenAt)).toBeLessThanOrEqual(Date.parse(group.lastSeenAt));
    await admin(stack, operator, 'POST', `/admin/v1/messages/${ids[0]}/discard`, { reason: 'duplicate of a paper entry' });
    const after = (await admin(stack, viewer, 'GET', '/admin/v1/failures')).body;
    expect(after.groups.find((g: any) => g.code === 'SIR_REJECTED').count).toBe(group.count - 1);
    expect(after.total).toBe(failures.total - 1);
  });

  it('shows messages in delivery with their attempt and age, and those stuck past the threshold', async () => {
    await stack.sim.setFaults({ latencyMs: [2500, 2500] });
    const id = (await post(stack, exampleEntry())).body.id as string;
    const seen = await waitFor(() => admin(stack, viewer, 'GET', '/admin/v1/in-flight?stuckAfter=1'), (r) => r.body.delivering.some((m: any) => m.id === id));
    const row = seen.body.delivering.find((m: any) => m.id === id);
    expect(row).toMatchObject({ route: 'registry-entry-to-sir', tenant: 'L02000023', status: 'delivering', attempt: 1, ageMs: expect.any(Number) });
    expect(seen.body.stuckAfterSeconds).toBe(1);
    // SIR takes 2.5 s to answer: past 1 s without a change, the delivery shows as stuck.
    const stuck = await waitFor(() => admin(stack, viewer, 'GET', '/admin/v1/in-flight?stuckAfter=1'), (r) => r.body.stuck.some((m: any) => m.id === id));
    expect(stuck.body.stuck.find((m: any) => m.id === id)).toMatchObject({ status: 'delivering', ageMs: expect.any(Number) });
    expect(stuck.body.stuck.find((m: any) => m.id === id).ageMs).toBeGreaterThanOrEqual(1000);
    await waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered');
    expect((await admin(stack, viewer, 'GET', '/admin/v1/in-flight')).body.delivering.map((m: any) => m.id)).not.toContain(id);
  });
});
