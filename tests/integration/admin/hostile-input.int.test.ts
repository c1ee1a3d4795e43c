import { admin, createOperator, parkEntries } from '../../helpers/admin';
import { startStack, type TestStack, type JournalKind } from '../../helpers/stack';

/** Raw calls, for what `admin()` would not send: broken JSON, odd URLs. */
async function raw(stack: TestStack, token: string, method: string, path: string, body?: string, contentType = 'application/json') {
  const res = await fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': contentType }) }, body });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as any };
}

describe.each<[string, JournalKind]>([['SQLite', 'sqlite'], ['PostgreSQL', 'postgres']])('hostile input to the admin API on a %s journal', (_name, journal) => {
  let stack: TestStack;
  let operator: string;
  let adminToken: string;
  let parkedId: string;

  beforeAll(async () => {
    stack = await startStack({ journal });
    operator = await createOperator(stack.app, 'operator');
    adminToken = await createOperator(stack.app, 'admin');
    [parkedId] = await parkEntries(stack, operator, 1);
  });
  afterAll(() => stack.stop());

  /** Every refusal is a coded problem, never a 5xx, and the parked message is untouched. */
  async function expectRefused(res: { status: number; contentType: string | null; body: any }, status: number, code: string) {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect((await admin(stack, operator, 'GET', `/admin/v1/messages/${parkedId}`)).body).toMatchObject({ status: 'parked', replays: [] });
  }

  it('answers ids that are not UUIDs as unknown, without asking the journal', async () => {
    for (const id of ['abc', '%00', `${'a'.repeat(36)}`, "1' or '1'='1", '..%2F..%2Fetc']) {
      await expectRefused(await admin(stack, operator, 'GET', `/admin/v1/messages/${id}`), 404, 'ADMIN_NOT_FOUND');
      await expectRefused(await admin(stack, operator, 'POST', `/admin/v1/messages/${id}/replay`, {}), 404, 'ADMIN_NOT_FOUND');
    }
  });

  it('answers a URL it cannot read, or an id over the length limit, with a coded 404', async () => {
    await expectRefused(await raw(stack, operator, 'GET', '/admin/v1/messages/%E0%A4%A'), 404, 'INTAKE_NOT_FOUND');
    await expectRefused(await raw(stack, operator, 'GET', `/admin/v1/messages/${'x'.repeat(500)}`), 404, 'INTAKE_NOT_FOUND');
  });

  it('refuses control characters in search fields and reasons (PostgreSQL refuses NUL in text)', async () => {
    await expectRefused(await admin(stack, operator, 'GET', '/admin/v1/messages?q=%00'), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'GET', '/admin/v1/messages?route=a%0Db'), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'GET', '/admin/v1/audit?operator=%00'), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'POST', `/admin/v1/messages/${parkedId}/discard`, { reason: 'a\u0000b' }), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: { tenant: '\u0000' } }), 400, 'ADMIN_BAD_REQUEST');
  });

  it('refuses repeated query parameters, unknown ones, and a forged cursor', async () => {
    await expectRefused(await admin(stack, operator, 'GET', '/admin/v1/messages?status=parked&status=delivered'), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'GET', '/admin/v1/messages?limit=10&limit=20'), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'GET', '/admin/v1/audit?actoin=replay'), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'GET', '/admin/v1/audit?action=delete-everything'), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'GET', '/admin/v1/failures?verbose=1'), 400, 'ADMIN_BAD_REQUEST');
    const forged = await admin(stack, operator, 'GET', `/admin/v1/messages?cursor=${Buffer.from("' or 1=1 --").toString('base64url')}`);
    await expectRefused(forged, 400, 'ADMIN_BAD_REQUEST');
    expect(forged.body.errors).toEqual([expect.objectContaining({ pointer: '/query/cursor' })]);
  });

  it('refuses bodies that are not JSON objects, or hold fields it does not know', async () => {
    await expectRefused(await raw(stack, operator, 'POST', `/admin/v1/messages/${parkedId}/replay`, '{"reason": '), 400, 'INTAKE_INVALID_JSON');
    await expectRefused(await raw(stack, operator, 'POST', `/admin/v1/messages/${parkedId}/discard`, '["reason"]'), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'POST', `/admin/v1/messages/${parkedId}/replay`, { reason: 'x', force: true }), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'POST', `/admin/v1/messages/${parkedId}/discard`, { reason: 'x'.repeat(501) }), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: FILTER_AS_TEXT }), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: {}, limit: 1e12 }), 400, 'ADMIN_BAD_REQUEST');
    await expectRefused(await admin(stack, operator, 'POST', '/admin/v1/replays', { filter: {}, dryRun: 'yes' }), 400, 'ADMIN_BAD_REQUEST');
  });

  it('refuses an edit whose payload is not an object, deeply nested, or huge in one field', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 200; i++) deep = { deep };
    for (const payload of [null, 'entry', [1, 2], deep, { subject: { summary: 'x'.repeat(100_000) } }]) {
      await expectRefused(await admin(stack, adminToken, 'POST', `/admin/v1/messages/${parkedId}/edit-and-replay`, { payload, reason: 'try' }), 400, 'ADMIN_INVALID_PAYLOAD');
    }
  });

  it('leaves the audit without a record of any refused call', async () => {
    const audit = (await admin(stack, adminToken, 'GET', `/admin/v1/audit?messageId=${parkedId}`)).body.items;
    expect(audit).toEqual([]);
  });
});

const FILTER_AS_TEXT = 'status=parked';
