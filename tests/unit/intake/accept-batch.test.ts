import type { FastifyInstance } from 'fastify';
import { exampleEntry } from '../../helpers/entries';
import { startFakeIntake } from './fake-intake';
import type { FakeBus } from './fakes';

/** A batch whose publishes start failing half-way: the answer and the re-post, over fakes. */
describe('a batch when the broker fails half-way', () => {
  let bus: FakeBus;
  let app: FastifyInstance;
  let url: string;

  beforeEach(async () => {
    ({ app, bus, url } = await startFakeIntake());
  });
  afterEach(() => app.close());

  const batch = Array.from({ length: 4 }, (_, i) => {
    const e = exampleEntry();
    e.origin.registryNumber = `DIPJ-E-2026-6000${i}`;
    return e;
  });
  const post = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/v1/registry-entries/batch`, {
      method: 'POST', headers: { authorization: 'Bearer psk_test', 'content-type': 'application/json', ...headers }, body: JSON.stringify(batch),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
  };

  it.each([
    ['with the client\'s Idempotency-Key', { 'idempotency-key': 'book-1' }],
    ['without a key (the batch is keyed by its bytes)', {}],
  ])('answers 503 listing what was queued, and a re-post %s queues only the rest, each entry once', async (_how, headers) => {
    let publishes = 0;
    bus.beforeAnswer = () => {
      if (++publishes > 2) bus.down = true;
    };
    const first = await post(headers);
    expect(first.status).toBe(503);
    expect(first.retryAfter).not.toBeNull();
    expect(first.body.code).toBe('INTAKE_UNAVAILABLE');
    const queued = first.body.items.filter((i: any) => i.status === 'queued');
    expect(queued).toHaveLength(2);
    expect(first.body.items.filter((i: any) => i.retryable)).toHaveLength(2);
    expect(JSON.stringify(first.body)).not.toMatch(/amqp:\/\//);

    bus.down = false;
    bus.beforeAnswer = undefined;
    const again = await post(headers);
    expect(again.status).toBe(202);
    expect(again.body.items.filter((i: any) => i.replayed).map((i: any) => i.id).sort()).toEqual(queued.map((i: any) => i.id).sort());
    const registryNumbers = bus.published.map((e) => (e.payload as any).origin.registryNumber).sort();
    expect(registryNumbers).toEqual(batch.map((e) => e.origin.registryNumber).sort());
  });
});
