import { exampleEntry, getMessage, OTHER_TENANT, post, startStack, waitFor, type JournalKind, type TestStack } from '../helpers/stack';

describe.each<JournalKind>(['sqlite', 'postgres'])('a registry entry from intake to SIR (journal: %s)', (journal) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ journal });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 202 queued, then delivers the fichero to SIR and records every hop', async () => {
    const before = stack.sim.stats().received;
    const res = await post(stack, exampleEntry());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' });

    const view = await waitFor(() => getMessage(stack, res.body.id), (v) => v.body.status === 'delivered');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: res.body.id, type: 'registry-entry', tenant: 'L02000023', status: 'delivered' });
    expect(view.body.exchangeId).toMatch(/^O00009001_\d{2}_\d{8}$/);
    // The broker's confirm (intake's `queued`) and the worker's first hop race; both are recorded.
    const events = view.body.history.map((h: { event: string }) => h.event);
    expect(events[0]).toBe('received');
    expect([...events].sort()).toEqual(['delivered', 'delivering', 'queued', 'received']);
    expect(view.body.history.find((h: { event: string }) => h.event === 'delivered')).toMatchObject({ status: 'delivered', outcome: 'ok', code: '00', attempt: 1 });
    expect(stack.sim.stats().received).toBe(before + 1);
    expect(stack.sim.received()).toContain(view.body.exchangeId);
  });

  it('gives every entry its own Identificador_Intercambio', async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await post(stack, exampleEntry())).body.id as string));
    const views = await Promise.all(ids.map((id) => waitFor(() => getMessage(stack, id), (v) => v.body.status === 'delivered')));
    const exchangeIds = new Set(views.map((v) => v.body.exchangeId));
    expect(exchangeIds.size).toBe(3);
    expect(stack.sim.stats().duplicates).toBe(0);
  });

  it('refuses a wrong key with 401 problem+json', async () => {
    const res = await post(stack, exampleEntry(), 'psk_not-a-real-key');
    expect(res.status).toBe(401);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('AUTH_INVALID_KEY');
  });

  it('refuses a request without a key with 401', async () => {
    const res = await fetch(`${stack.url}/v1/registry-entries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('AUTH_MISSING_KEY');
  });

  it("refuses with 403 an entry whose origin office belongs to another tenant", async () => {
    const res = await post(stack, exampleEntry(), stack.otherKey);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH_FORBIDDEN_OFFICE');
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/origin/office' })]);
  });

  it("answers 404 when a tenant asks for another tenant's message", async () => {
    const res = await post(stack, exampleEntry());
    const other = await getMessage(stack, res.body.id, stack.otherKey);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('INTAKE_NOT_FOUND');
  });

  it('lets the other tenant post for its own office', async () => {
    const entry = exampleEntry();
    entry.origin.office = OTHER_TENANT.offices[0];
    entry.origin.unit = OTHER_TENANT.units[0];
    const res = await post(stack, entry, stack.otherKey);
    expect(res.status).toBe(202);
    const view = await waitFor(() => getMessage(stack, res.body.id, stack.otherKey), (v) => v.body.status === 'delivered');
    expect(view.body.tenant).toBe(OTHER_TENANT.code);
  });

  it('reports ready when the broker and the journal are reachable', async () => {
    const res = await fetch(`${stack.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { broker: 'up', journal: 'up' } });
  });
});

describe('invalid input at intake (intake role only, so the queue can be inspected)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ role: 'intake' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 400 with a code and a JSON pointer per error, and queues nothing', async () => {
    const entry = exampleEntry() as any;
    delete entry.origin.registryNumber;
    entry.interested[0].interested.documentNumber = '12345678A';
    entry.unexpected = true;
    const res = await post(stack, entry);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('INTAKE_VALIDATION_FAILED');
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/origin/registryNumber', '/interested/0/interested/documentNumber', '/unexpected']));
    for (const e of res.body.errors) expect(e.code).toMatch(/^[A-Z_]+$/);
    expect(await stack.app.bus.queueDepth('registry-entry-to-sir')).toBe(0);
  });

  it('answers 400 INTAKE_INVALID_JSON for a body that is not JSON, and queues nothing', async () => {
    const res = await post(stack, '{"origin": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INTAKE_INVALID_JSON');
    expect(await stack.app.bus.queueDepth('registry-entry-to-sir')).toBe(0);
  });

  it('refuses an Identificador_Intercambio chosen by the client', async () => {
    const entry = exampleEntry();
    entry.control.exchangeId = 'O00009001_26_00000005';
    const res = await post(stack, entry);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/control/exchangeId', code: 'EXCHANGE_ID_ASSIGNED_BY_PASARELA' })]);
  });

  it('refuses at intake an entry that SICRES cannot carry, instead of failing it later', async () => {
    const entry = exampleEntry();
    entry.subject.summary = 'Solicitud \u0001 con un carácter de control';
    const res = await post(stack, entry);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INTAKE_VALIDATION_FAILED');
    expect(res.body.errors[0].pointer).toBe('/subject/summary');
    expect(await stack.app.bus.queueDepth('registry-entry-to-sir')).toBe(0);
  });

  it('survives hostile JSON: 10,000-deep nesting, prototype keys, arrays, huge bodies', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const nested = await post(stack, deep);
    expect(nested.status).toBe(400);
    // Refused by the depth scan before JSON.parse runs (src/core/safe-json.ts).
    expect(nested.body.code).toBe('INTAKE_TOO_DEEP');
    const proto = await post(stack, '{"__proto__": {"polluted": true}, "origin": {}}');
    expect(proto.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await post(stack, [exampleEntry()])).status).toBe(400);
    expect((await post(stack, 'null')).status).toBe(400);
    const huge = await post(stack, JSON.stringify({ padding: 'x'.repeat(stack.config.http.bodyLimitBytes + 1) }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('INTAKE_BODY_TOO_LARGE');
    expect(await stack.app.bus.queueDepth('registry-entry-to-sir')).toBe(0);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('answers 415 for a content type no adapter accepts', async () => {
    const res = await post(stack, '<x/>', stack.key, 'application/vnd.unknown');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('INTAKE_UNSUPPORTED_MEDIA_TYPE');
  });

  it('queues exactly one message for one valid entry', async () => {
    const res = await post(stack, exampleEntry());
    expect(res.status).toBe(202);
    const depth = await waitFor(() => stack.app.bus.queueDepth('registry-entry-to-sir'), (d) => d === 1, 5000);
    expect(depth).toBe(1);
  });
});

describe('a worker-only process', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ role: 'worker' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers health and readiness probes but serves no intake API', async () => {
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${stack.url}/readyz`)).json()).toMatchObject({ status: 'ready', checks: { broker: 'up', journal: 'up' } });
    const res = await post(stack, exampleEntry());
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('INTAKE_NOT_FOUND');
  });
});
