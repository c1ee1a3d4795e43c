import { exampleEntry, startStack, type TestStack } from '../../helpers/stack';

const ROUTE = 'registry-entry-to-sir';

async function postBatch(stack: TestStack, body: unknown, query = '', headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}/v1/registry-entries/batch${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as any };
}

function entries(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const e = exampleEntry();
    e.origin.registryNumber = `DIPJ-E-2026-9${String(i).padStart(5, '0')}`;
    return e;
  });
}

async function rows(stack: TestStack): Promise<number> {
  return Object.values(await stack.app.journal.countByStatus()).reduce((a, b) => a + (b ?? 0), 0);
}

describe('POST /v1/registry-entries/batch (intake only, real RabbitMQ and journal)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ role: 'intake' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('accepts a JSON array whole: 202 with an id per item, each journaled and queued once', async () => {
    const before = await stack.app.bus.queueDepth(ROUTE);
    const res = await postBatch(stack, entries(3));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 3, refused: 0 });
    expect(res.body.items.map((i: any) => i.index)).toEqual([0, 1, 2]);
    for (const item of res.body.items) expect(item).toMatchObject({ id: expect.any(String), status: 'queued' });
    expect(new Set(res.body.items.map((i: any) => i.id)).size).toBe(3);
    expect(await stack.app.bus.queueDepth(ROUTE)).toBe(before + 3);
  });

  it('refuses an atomic batch with one bad item whole: 400 listing every bad item, nothing written or published', async () => {
    const batch = entries(3);
    batch[1].interested[0].interested.documentNumber = '99000001X';
    (batch[2] as any).unknownField = true;
    const [journaled, queued] = [await rows(stack), await stack.app.bus.queueDepth(ROUTE)];
    const res = await postBatch(stack, batch);
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('INTAKE_BATCH_REFUSED');
    expect(res.body.items.map((i: any) => i.index)).toEqual([1, 2]);
    expect(res.body.items[0].errors[0]).toMatchObject({ pointer: '/interested/0/interested/documentNumber' });
    expect(await rows(stack)).toBe(journaled);
    expect(await stack.app.bus.queueDepth(ROUTE)).toBe(queued);
  });

  it('accepts the good items of a non-atomic batch: 207 with ids and errors side by side', async () => {
    const batch: unknown[] = entries(2);
    batch.splice(1, 0, 'not an entry');
    const res = await postBatch(stack, batch, '?atomic=false');
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ accepted: 2, refused: 1 });
    expect(res.body.items[1]).toMatchObject({ index: 1, code: 'INTAKE_VALIDATION_FAILED', errors: [{ code: 'SCHEMA_TYPE' }] });
    expect(res.body.items[2]).toMatchObject({ index: 2, status: 'queued' });
  });

  it('replays every item of a batch re-posted with the same Idempotency-Key, queuing nothing twice', async () => {
    const batch = entries(2);
    const first = await postBatch(stack, batch, '', { 'idempotency-key': 'book-2026-03-05' });
    const queued = await stack.app.bus.queueDepth(ROUTE);
    const again = await postBatch(stack, batch, '', { 'idempotency-key': 'book-2026-03-05' });
    expect(again.status).toBe(202);
    expect(again.body.items.map((i: any) => i.id)).toEqual(first.body.items.map((i: any) => i.id));
    expect(again.body.items.every((i: any) => i.replayed === true)).toBe(true);
    expect(await stack.app.bus.queueDepth(ROUTE)).toBe(queued);
    const changed = [...structuredClone(batch), ...entries(3).slice(2)];
    changed[1].subject.summary = 'otro asunto';
    const partly = await postBatch(stack, changed, '?atomic=false', { 'idempotency-key': 'book-2026-03-05' });
    expect(partly.status).toBe(207);
    expect(partly.body.items[1]).toMatchObject({ code: 'INTAKE_IDEMPOTENCY_KEY_REUSED' });
  });

  it('refuses an atomic batch whole when one item reuses a key for something else, queuing none of the new items', async () => {
    const batch = entries(2);
    await postBatch(stack, batch, '', { 'idempotency-key': 'book-2026-03-06' });
    const queued = await stack.app.bus.queueDepth(ROUTE);
    const changed = [...structuredClone(batch), ...entries(3).slice(2)];
    changed[0].subject.summary = 'otro asunto';
    const res = await postBatch(stack, changed, '', { 'idempotency-key': 'book-2026-03-06' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INTAKE_BATCH_REFUSED');
    expect(res.body.items).toEqual([expect.objectContaining({ index: 0, code: 'INTAKE_IDEMPOTENCY_KEY_REUSED' })]);
    expect(await stack.app.bus.queueDepth(ROUTE)).toBe(queued);
  });

  it('queues each entry once when the same batch is posted twice without a key', async () => {
    const batch = entries(2).map((e, i) => ({ ...e, origin: { ...e.origin, registryNumber: `DIPJ-E-2026-8000${i}` } }));
    const first = await postBatch(stack, batch);
    const queued = await stack.app.bus.queueDepth(ROUTE);
    const again = await postBatch(stack, batch);
    expect(again.status).toBe(202);
    expect(again.body.items.map((i: any) => [i.id, i.replayed])).toEqual(first.body.items.map((i: any) => [i.id, true]));
    expect(await stack.app.bus.queueDepth(ROUTE)).toBe(queued);
  });

  it('refuses a batch over intake.batch.maxItems with 413, a bare object with 400, and a bad ?atomic= with 400', async () => {
    const big = await postBatch(stack, entries(stack.config.intake?.batch?.maxItems ?? 1000).concat(entries(1)));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('INTAKE_BATCH_TOO_LARGE');
    expect((await postBatch(stack, exampleEntry())).body.code).toBe('INTAKE_VALIDATION_FAILED');
    expect((await postBatch(stack, [], '')).body.code).toBe('INTAKE_BATCH_REFUSED');
    expect((await postBatch(stack, entries(1), '?atomic=maybe')).status).toBe(400);
  });

  it('refuses several entries on the single-entry endpoint, pointing at /batch', async () => {
    const res = await fetch(`${stack.url}/v1/registry-entries`, {
      method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' }, body: JSON.stringify(entries(2)),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).code).toBe('INTAKE_VALIDATION_FAILED');
  });
});
