import type { FastifyInstance } from 'fastify';
import { resolveRoutes } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { createSchemaRegistry } from '../../../src/core/schemas';
import { buildIntakeServer } from '../../../src/intake/server';
import { silentLogger } from '../../../src/observability/logger';
import { exampleEntry, textAnnex } from '../../helpers/entries';
import { FakeBus, FakeJournal, TEST_KEY } from './fakes';

describe('configured annex limits at intake', () => {
  let app: FastifyInstance;
  let url: string;
  let bus: FakeBus;

  beforeEach(async () => {
    const config = loadConfig({ env: {}, overrides: { annexes: { maxCount: 1, maxBytesEach: 1024 } } });
    bus = new FakeBus();
    app = buildIntakeServer({ config, journal: new FakeJournal(TEST_KEY).asJournal(), bus: bus.asBus(), schemas: createSchemaRegistry(), routes: resolveRoutes(config), logger: silentLogger() });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(() => app.close());

  async function postWith(annexes: unknown[]) {
    const entry = { ...exampleEntry(), annexes };
    const res = await fetch(`${url}/v1/registry-entries`, {
      method: 'POST', headers: { authorization: 'Bearer psk_test', 'content-type': 'application/json' }, body: JSON.stringify(entry),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  it('refuses more annexes than configured, publishing nothing', async () => {
    const res = await postWith([textAnnex('a.txt', 'a'), textAnnex('b.txt', 'b')]);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.pointer)).toContain('/annexes');
    expect(bus.published).toHaveLength(0);
  });

  it('refuses an annex over the configured size', async () => {
    const res = await postWith([textAnnex('big.txt', 'x'.repeat(2048))]);
    expect(res.status).toBe(400);
    expect(bus.published).toHaveLength(0);
  });

  it('accepts what fits', async () => {
    expect((await postWith([textAnnex('a.txt', 'a')])).status).toBe(202);
  });
});
