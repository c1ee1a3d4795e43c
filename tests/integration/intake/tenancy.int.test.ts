import { createKey, exampleEntry, getMessage, OTHER_TENANT, post, startStack, type TestStack } from '../../helpers/stack';

const ROUTE = 'registry-entry-to-sir';

/** Messages in the journal and ready in the work queue: what "nothing published" is checked on. */
async function footprint(stack: TestStack) {
  const counts = await stack.app.journal.countByStatus();
  return { rows: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0), queued: await stack.app.bus.queueDepth(ROUTE) };
}

async function getWith(stack: TestStack, path: string, key: string) {
  const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as any, retryAfter: res.headers.get('retry-after') };
}

describe('tenancy and access of API keys (intake only, real RabbitMQ and journal)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ role: 'intake' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a key without registry:write with 403 AUTH_FORBIDDEN_SCOPE and publishes nothing', async () => {
    const reader = await createKey(stack.app, 'L02000023', { scopes: ['messages:read'] });
    const before = await footprint(stack);
    const res = await post(stack, exampleEntry(), reader);
    expect(res.status).toBe(403);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'AUTH_FORBIDDEN_SCOPE' });
    expect(await footprint(stack)).toEqual(before);
  });

  it('lets a write-only key post but not read the message back', async () => {
    const writer = await createKey(stack.app, 'L02000023', { scopes: ['registry:write'] });
    const res = await post(stack, exampleEntry(), writer);
    expect(res.status).toBe(202);
    expect((await getMessage(stack, res.body.id, writer)).body.code).toBe('AUTH_FORBIDDEN_SCOPE');
    expect((await getMessage(stack, res.body.id)).status).toBe(200);
  });

  it("refuses an office that is the tenant's but not the key's with 403 AUTH_FORBIDDEN_OFFICE", async () => {
    const narrow = await createKey(stack.app, 'L02000023', { offices: ['O00009002'] });
    const res = await post(stack, exampleEntry(), narrow);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'AUTH_FORBIDDEN_OFFICE', errors: [{ pointer: '/origin/office' }] });
    const entry = exampleEntry();
    entry.origin.office = 'O00009002';
    const own = await post(stack, entry, narrow);
    expect(own.status).toBe(202);
    // Reading follows the same binding: the other office's entry looks missing to this key.
    const other = await post(stack, exampleEntry());
    expect((await getMessage(stack, other.body.id, narrow)).status).toBe(404);
    expect((await getMessage(stack, own.body.id, narrow)).status).toBe(200);
  });

  it("refuses another tenant's office with 403 whatever the key's grants", async () => {
    const res = await post(stack, exampleEntry(), stack.otherKey);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH_FORBIDDEN_OFFICE');
  });

  it('refuses an origin unit outside a unit-bound key with 403 AUTH_FORBIDDEN_UNIT', async () => {
    const unitKey = await createKey(stack.app, 'L02000023', { units: ['L02000023'] });
    const entry = exampleEntry();
    delete entry.origin.unit;
    delete entry.origin.unitName;
    const res = await post(stack, entry, unitKey);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'AUTH_FORBIDDEN_UNIT', errors: [{ pointer: '/origin/unit' }] });
    expect((await post(stack, exampleEntry(), unitKey)).status).toBe(202);
  });

  it("answers another tenant's message with 404, exactly like a missing one", async () => {
    const mine = await post(stack, exampleEntry());
    const theirs = await getMessage(stack, mine.body.id, stack.otherKey);
    const missing = await getMessage(stack, '01900000-0000-7000-8000-000000000000', stack.otherKey);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe(missing.body.code);
    expect(OTHER_TENANT.offices).not.toContain(exampleEntry().origin.office);
  });

  it('answers 429 INTAKE_RATE_LIMITED with Retry-After once a key exceeds its rate, other keys unaffected', async () => {
    const slow = await createKey(stack.app, 'L02000023', { rateLimit: { perSecond: 0.5, burst: 2 } });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await getWith(stack, '/v1/inbox', slow));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2].body.code).toBe('INTAKE_RATE_LIMITED');
    expect(Number(answers[2].retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await getWith(stack, '/v1/inbox', stack.key)).status).toBe(200);
  });

  it("refuses a body over the key's own size limit with 413 before reading it, declared or streamed", async () => {
    const small = await createKey(stack.app, 'L02000023', { maxBodyBytes: 2048 });
    const before = await footprint(stack);
    const big = JSON.stringify({ ...exampleEntry(), padding: 'x'.repeat(4096) });
    const declared = await post(stack, big, small);
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('INTAKE_BODY_TOO_LARGE');
    // Chunked: no Content-Length, so the limit is applied while the body streams in.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        c.close();
      },
    });
    const res = await fetch(`${stack.url}/v1/registry-entries`, {
      method: 'POST', headers: { authorization: `Bearer ${small}`, 'content-type': 'application/json' }, body: stream, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).code).toBe('INTAKE_BODY_TOO_LARGE');
    expect(await footprint(stack)).toEqual(before);
    expect((await post(stack, exampleEntry(), small)).status).toBe(202);
  });

  it('refuses a revoked key with 401 at once', async () => {
    const key = await createKey(stack.app, 'L02000023');
    const [row] = (await stack.app.journal.listApiKeys('L02000023')).slice(-1);
    expect(await stack.app.journal.revokeApiKey(row.id)).toBe(true);
    const res = await post(stack, exampleEntry(), key);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_INVALID_KEY');
  });
});
