import type { FastifyInstance } from 'fastify';
import { exampleEntry } from '../../helpers/entries';
import { startFakeIntake } from './fake-intake';
import type { FakeBus, FakeJournal } from './fakes';

/** A publish whose confirm never came: the answer depends on whether the message is already taken. */
describe('intake when the broker does not confirm a publish', () => {
  let journal: FakeJournal;
  let bus: FakeBus;
  let app: FastifyInstance;
  let url: string;

  beforeEach(async () => {
    ({ app, journal, bus, url } = await startFakeIntake((p) => void (p.bus.down = true)));
  });
  afterEach(() => app.close());

  const post = (key: string) =>
    fetch(`${url}/v1/registry-entries`, {
      method: 'POST', headers: { authorization: 'Bearer psk_test', 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(exampleEntry()),
    });

  it('answers 503 with Retry-After, marks the row rejected and frees the key when nothing took the message', async () => {
    const res = await post('k-1');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const [row] = [...journal.rows.values()];
    expect(row).toMatchObject({ status: 'rejected', idempotencyKey: null });
  });

  it('answers 202 and keeps the key when a worker already took the message (the publish got through)', async () => {
    // The confirm was lost, but the message reached the queue and a worker claimed it.
    bus.beforeAnswer = (e) => void (journal.rows.get(e.id)!.status = 'delivering');
    const res = await post('k-2');
    expect(res.status).toBe(202);
    const [row] = [...journal.rows.values()];
    expect(row).toMatchObject({ status: 'delivering', idempotencyKey: 'k-2' });
  });
});
