import type { FastifyInstance } from 'fastify';
import type { BreakersProbe } from '../../../src/intake/health';
import { buildHealthServer } from '../../../src/intake/server';
import { silentLogger } from '../../../src/observability/logger';
import { FakeBus, FakeJournal, TEST_KEY } from './fakes';

describe('/readyz', () => {
  let bus: FakeBus;
  let journal: FakeJournal;
  let app: FastifyInstance | undefined;

  beforeEach(() => {
    bus = new FakeBus();
    journal = new FakeJournal(TEST_KEY);
  });
  afterEach(() => app?.close());

  // On a socket, not inject(): light-my-request pulls an ES module jest cannot require.
  async function readyz(breakers?: BreakersProbe) {
    app = buildHealthServer({ bus: bus.asBus(), journal: journal.asJournal(), logger: silentLogger(), routes: [{ name: 'a' }, { name: 'b' }], breakers });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${url}/readyz`);
    return { status: res.status, body: (await res.json()) as any };
  }

  it('shows each route with its queue depths', async () => {
    bus.depths = { a: async () => ({ work: 3, retry: 1, dead: 0 }), b: async () => ({ work: 0, retry: 0, dead: 2 }) };
    const res = await readyz();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      checks: { broker: 'up', journal: 'up' },
      routes: [
        { route: 'a', depth: { work: 3, retry: 1, dead: 0 } },
        { route: 'b', depth: { work: 0, retry: 0, dead: 2 } },
      ],
    });
  });

  it("shows a route's depth as null when the broker cannot tell", async () => {
    bus.depths = { a: async () => ({ work: 1, retry: 0, dead: 0 }) };
    const res = await readyz();
    expect(res.body.routes).toEqual([
      { route: 'a', depth: { work: 1, retry: 0, dead: 0 } },
      { route: 'b', depth: null },
    ]);
  });

  it('gives up on a depth the broker does not answer and shows it as null', async () => {
    bus.depths = { a: () => new Promise(() => {}), b: async () => ({ work: 0, retry: 0, dead: 0 }) };
    const res = await readyz();
    expect(res.status).toBe(200);
    expect(res.body.routes[0]).toEqual({ route: 'a', depth: null });
  });

  it("shows the breakers of a process that runs workers, and stays ready while one is open", async () => {
    bus.depths = { a: async () => ({ work: 5, retry: 0, dead: 0 }), b: async () => ({ work: 0, retry: 0, dead: 0 }) };
    const open = { state: 'open' as const, failures: 5, since: '2026-03-01T10:00:00.000Z' };
    const res = await readyz(() => ({ a: open }));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
    expect(res.body.routes).toEqual([
      { route: 'a', breaker: open, depth: { work: 5, retry: 0, dead: 0 } },
      { route: 'b', depth: { work: 0, retry: 0, dead: 0 } },
    ]);
  });

  it('is not ready without the broker, and then asks it for no depths', async () => {
    bus.down = true;
    let asked = false;
    bus.depths = { a: async () => { asked = true; return { work: 0, retry: 0, dead: 0 }; } };
    const res = await readyz();
    expect(asked).toBe(false);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'not-ready', checks: { broker: 'down', journal: 'up' } });
    expect(res.body.routes).toEqual([{ route: 'a', depth: null }, { route: 'b', depth: null }]);
  });

  it('is not ready without the journal', async () => {
    journal.ping = async () => { throw new Error('down'); };
    const res = await readyz();
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ broker: 'up', journal: 'down' });
  });
});
