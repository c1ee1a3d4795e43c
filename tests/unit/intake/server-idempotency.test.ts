import type { FastifyInstance } from 'fastify';
import { exampleEntry } from '../../helpers/entries';
import { startFakeIntake } from './fake-intake';
import type { FakeBus, FakeJournal } from './fakes';

/** Intake over an in-memory journal and bus: the idempotency rules, request by request. */
describe('intake with an Idempotency-Key', () => {
  let journal: FakeJournal;
  let bus: FakeBus;
  let app: FastifyInstance;
  let url: string;

  beforeEach(async () => {
    ({ app, journal, bus, url } = await startFakeIntake());
  });
  afterEach(() => app.close());

  async function post(body: unknown, idempotencyKey?: string) {
    const headers: Record<string, string> = { authorization: 'Bearer psk_test', 'content-type': 'application/json' };
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const res = await fetch(`${url}/v1/registry-entries`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as any;
    return { statusCode: res.status, headers: Object.fromEntries(res.headers), json: () => json };
  }

  it('accepts a first request with a key as new and stores the key and the request hash', async () => {
    const res = await post(exampleEntry(), 'key-1');
    expect(res.statusCode).toBe(202);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    const row = journal.rows.get(res.json().id)!;
    expect(row.idempotencyKey).toBe('key-1');
    expect(row.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.envelope.idempotencyKey).toBe('key-1');
    expect(bus.published).toHaveLength(1);
  });

  it('answers a repeated key with the original id and current status, and publishes nothing', async () => {
    const first = await post(exampleEntry(), 'key-1');
    journal.rows.get(first.json().id)!.status = 'delivered';
    const again = await post(exampleEntry(), 'key-1');
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ id: first.json().id, status: 'delivered' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(`/v1/messages/${first.json().id}`);
    expect(journal.rows.size).toBe(1);
    expect(bus.published).toHaveLength(1);
  });

  it('refuses with 422 a repeated key whose request differs', async () => {
    await post(exampleEntry(), 'key-1');
    const other = exampleEntry();
    other.subject.summary = 'Another subject';
    const res = await post(other, 'key-1');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
    expect(journal.rows.size).toBe(1);
    expect(bus.published).toHaveLength(1);
  });

  it('draws no exchange id and writes nothing for a repeat', async () => {
    await post(exampleEntry(), 'key-1');
    const drawn = journal.drawn;
    await post(exampleEntry(), 'key-1');
    expect(journal.drawn).toBe(drawn);
    expect(journal.rows.size).toBe(1);
  });

  it('takes a key as new when its earlier message was never accepted', async () => {
    bus.down = true;
    const failed = await post(exampleEntry(), 'key-1');
    expect(failed.statusCode).toBe(503);
    const rejectedId = [...journal.rows.keys()][0];
    expect(journal.rows.get(rejectedId)!.status).toBe('rejected');
    // accept.ts released the key already when the publish failed.
    expect(journal.released).toEqual([rejectedId]);

    bus.down = false;
    const retry = await post(exampleEntry(), 'key-1');
    expect(retry.statusCode).toBe(202);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.json().id).not.toBe(rejectedId);
    expect(bus.published).toHaveLength(1);
  });

  it('frees the key of a rejected message still holding it, and accepts the request as new', async () => {
    const first = await post(exampleEntry(), 'key-1');
    journal.rows.get(first.json().id)!.status = 'rejected';
    const retry = await post(exampleEntry(), 'key-1');
    expect(retry.statusCode).toBe(202);
    expect(retry.json().id).not.toBe(first.json().id);
    expect(journal.released).toEqual([first.json().id]);
  });

  it('gives concurrent identical requests with one key one id and one publish', async () => {
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(exampleEntry(), 'key-1')));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    expect(journal.rows.size).toBe(1);
    expect(bus.published).toHaveLength(1);
  });

  it('keeps keys apart per tenant', async () => {
    const first = await post(exampleEntry(), 'key-1');
    const row = journal.rows.get(first.json().id)!;
    row.tenant = 'L01230001';
    const second = await post(exampleEntry(), 'key-1');
    expect(second.statusCode).toBe(202);
    expect(second.json().id).not.toBe(first.json().id);
  });

  it('refuses a malformed key with 400 before doing anything', async () => {
    const res = await post(exampleEntry(), 'k'.repeat(201));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INTAKE_BAD_IDEMPOTENCY_KEY', errors: [{ pointer: '/headers/idempotency-key' }] });
    expect(journal.rows.size).toBe(0);
    expect(bus.published).toHaveLength(0);
  });

  it('treats requests without a key as new every time', async () => {
    const a = await post(exampleEntry());
    const b = await post(exampleEntry());
    expect(a.json().id).not.toBe(b.json().id);
    expect(journal.rows.get(a.json().id)!.requestHash).toBeNull();
    expect(bus.published).toHaveLength(2);
  });
});
