import type { FastifyInstance } from 'fastify';
import { resolveRoutes } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { createSchemaRegistry } from '../../../src/core/schemas';
import { buildIntakeServer } from '../../../src/intake/server';
import { silentLogger } from '../../../src/observability/logger';
import { exampleEntry } from '../../helpers/entries';
import { FakeBus, FakeJournal, TEST_KEY } from './fakes';

/** A publish whose confirm never came: the answer depends on whether the message is already taken. */
describe('intake when the broker does not confirm a publish', () => {
  const config = loadConfig({ env: {} });
  const routes = resolveRoutes(config);
  let journal: FakeJournal;
  let bus: FakeBus;
  let app: FastifyInstance;
  let url: string;

  beforeEach(async () => {
    journal = new FakeJournal(TEST_KEY);
    bus = new FakeBus();
    bus.down = true;
    app = buildIntakeServer({ config, journal: journal.asJournal(), bus: bus.asBus(), schemas: createSchemaRegistry(), routes, logger: silentLogger() });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
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
