import { createKey, getMessage, startStack, waitFor, type TestStack } from '../../helpers/stack';
import { exampleExpediente, expediente, postStatus } from '../../helpers/expedientes';

/** Status messages only: each one taken also makes a carpeta-push message, in its own time. */
const statusCount = (stack: TestStack) => stack.app.journal.operations.countMessages({ type: 'expediente-status' });

/** `POST /v1/expedientes/{id}/status` keeps the intake guarantees of every canonical POST. */
describe('POST /v1/expedientes/{id}/status', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ carpeta: {} });
  });
  afterAll(() => stack?.stop());

  it('needs the expedientes:write scope, and writes nothing without it', async () => {
    const before = await statusCount(stack);
    const notifier = await createKey(stack.app, 'L02000023', { scopes: ['notifications:write', 'messages:read'] });
    const res = await postStatus(stack, exampleExpediente(), { key: notifier });
    expect(res.status).toBe(403);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('AUTH_FORBIDDEN_SCOPE');
    expect(await statusCount(stack)).toBe(before);
  });

  it('repeats the first answer for a repeated Idempotency-Key and projects once', async () => {
    const e = expediente('L02000023', 'IDEM1', 1);
    const first = await postStatus(stack, e, { headers: { 'idempotency-key': 'exp-1' } });
    const again = await postStatus(stack, e, { headers: { 'idempotency-key': 'exp-1' } });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    await waitFor(() => getMessage(stack, first.body.id), (r) => r.body.status === 'delivered');
    expect((await stack.app.journal.expedientes.history(e.expediente)).map((h) => [h.sequence, h.outcome])).toEqual([[1, 'applied']]);
  });

  it('takes one Idempotency-Key on another body or another expediente\'s URL as a reuse', async () => {
    const e = expediente('L02000023', 'IDEM2', 1);
    expect((await postStatus(stack, e, { headers: { 'idempotency-key': 'exp-2' } })).status).toBe(202);
    const before = await statusCount(stack);
    const otherBody = await postStatus(stack, { ...e, sequence: 2 }, { headers: { 'idempotency-key': 'exp-2' } });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
    const otherUrl = await postStatus(stack, e, { id: 'ES_L02000023_2026_EXP_IDEM3', headers: { 'idempotency-key': 'exp-2' } });
    expect(otherUrl.status).toBe(422);
    expect(otherUrl.body.code).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
    expect(await statusCount(stack)).toBe(before);
  });

  it.each([
    ['another media type', 'text/csv', JSON.stringify(exampleExpediente()), 415, 'INTAKE_UNSUPPORTED_MEDIA_TYPE'],
    ['a body that is not JSON', 'application/json', '{"expediente": ', 400, 'INTAKE_INVALID_JSON'],
    ['a payload against the schema', 'application/json', JSON.stringify({ ...exampleExpediente(), extra: 1 }), 400, 'INTAKE_VALIDATION_FAILED'],
    ['a body nested too deep', 'application/json', '['.repeat(100) + ']'.repeat(100), 400, 'INTAKE_TOO_DEEP'],
  ])('refuses %s with a coded problem and writes nothing', async (_name, contentType, body, status, code) => {
    const before = await statusCount(stack);
    const id = exampleExpediente().expediente;
    const res = await fetch(`${stack.url}/v1/expedientes/${id}/status`, { method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': contentType }, body });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe(code);
    expect(await statusCount(stack)).toBe(before);
  });
});
