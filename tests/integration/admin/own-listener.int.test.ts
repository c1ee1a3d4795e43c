import { admin, createOperator, parkEntries } from '../../helpers/admin';
import { startStack, type TestStack } from '../../helpers/stack';

describe('the admin API on a listener of its own (admin.http)', () => {
  let stack: TestStack;
  let operator: string;
  let adminApi: { url: string };

  beforeAll(async () => {
    stack = await startStack({ configure: (config) => { config.admin = { http: { host: '127.0.0.1', port: 0 } }; } });
    operator = await createOperator(stack.app, 'operator');
    adminApi = { url: stack.app.adminUrl()! };
  });
  afterAll(() => stack.stop());

  it('serves /admin/v1 there, on another port than intake', async () => {
    expect(adminApi.url).not.toBe(stack.url);
    const [id] = await parkEntries(stack, operator, 1);
    const replay = await admin(adminApi, operator, 'POST', `/admin/v1/messages/${id}/replay`);
    expect(replay.status).toBe(202);
    expect((await admin(adminApi, operator, 'GET', '/admin/v1/failures')).status).toBe(200);
  });

  it('no longer serves /admin on the municipal-facing listener', async () => {
    const res = await admin(stack, operator, 'GET', '/admin/v1/failures');
    expect(res).toMatchObject({ status: 404, body: { code: 'INTAKE_NOT_FOUND' } });
  });

  it('serves nothing but the admin API on its own listener', async () => {
    const tenant = await fetch(`${adminApi.url}/v1/messages/0190a000-0000-7000-8000-000000000000`, { headers: { authorization: `Bearer ${stack.key}` } });
    expect(tenant.status).toBe(404);
    expect(((await tenant.json()) as { code: string }).code).toBe('INTAKE_NOT_FOUND');
    expect((await fetch(`${adminApi.url}/openapi.json`)).status).toBe(404);
  });
});
