import { readFileSync } from 'node:fs';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import { Errors, PasarelaError } from '../../../src/core/errors';
import { projectPath } from '../../../src/core/paths';
import type { Connector, RouteDefinition } from '../../../src/core/plugin';
import type { RegistryEntry } from '../../../src/core/registry-entry';
import { createSchemaRegistry } from '../../../src/core/schemas';
import { createJournal } from '../../../src/journal';
import type { Journal } from '../../../src/journal/journal';
import { silentLogger } from '../../../src/observability/logger';
import { createRouteWorker } from '../../../src/pipeline/run-route';
import { transforms } from '../../../transforms';
import { MemoryBus } from '../../helpers/memory-bus';

function routeNamed(name: string): RouteDefinition {
  return {
    name, from: { type: 'registry-entry' }, transform: 'registry-entry-to-sicres3', to: { connector: name },
    retry: { attempts: 10, initialDelayMs: 60_000, maxDelayMs: 60_000 }, prefetch: 1, onExhausted: 'park', file: 'test',
    breaker: { failureThreshold: 2, probeInitialMs: 60_000, probeMaxMs: 60_000 }, deliveryLimit: 50,
  };
}

function connector(name: string, answer: () => Promise<void>): Connector & { calls: number } {
  const c = {
    name, accepts: ['sir-fichero'], configSchema: {}, calls: 0, init: async () => undefined, close: async () => undefined, check: async () => false,
    async deliver() {
      c.calls++;
      await answer();
      return { code: '00' };
    },
  };
  return c;
}

let seq = 0;
function entry(): Envelope<RegistryEntry> {
  const payload = JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'registry-entry.json'), 'utf8'));
  payload.control.exchangeId = `O00009001_26_${String(++seq).padStart(8, '0')}`;
  return createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: 'L02000023', source: { system: 't', adapter: 'canonical-json@1.0.0' }, payload });
}

describe('one destination\'s breaker', () => {
  let journal: Journal;
  beforeEach(async () => {
    journal = createJournal('sqlite::memory:');
    await journal.migrate();
  });
  afterEach(() => journal.close());

  it('pauses only its own route: the other route keeps delivering, and the paused one spends no attempts', async () => {
    const down = connector('down', async () => {
      throw new PasarelaError(Errors.CONNECTOR_UNREACHABLE);
    });
    const up = connector('up', async () => undefined);
    const routes = [routeNamed('down'), routeNamed('up')];
    const bus = new MemoryBus({ routes: routes.map((r) => ({ name: r.name, type: 'registry-entry', retryLevelsMs: [60_000], deliveryLimit: 50 })) });
    const workers = routes.map((route, i) => createRouteWorker({
      route, transform: transforms[route.transform], connector: [down, up][i], journal, bus, schemas: createSchemaRegistry(), logger: silentLogger(), deliveryTimeoutMs: 1000,
    }));
    for (const w of workers) await w.start();
    const publish = async (route: string) => {
      const e = entry();
      await journal.insertMessage({ envelope: e, route, exchangeId: e.payload.control.exchangeId });
      await bus.publish(e, `registry-entry.${route}`);
      return e.id;
    };
    for (let i = 0; i < 4; i++) await publish('down');
    await bus.idle();
    expect(workers[0].breaker().state).toBe('open');
    // Two failures opened it; the two later messages were not tried and wait in the queue.
    expect(down.calls).toBe(2);
    expect(await bus.queueDepths('down')).toMatchObject({ work: 2 });
    const ids = [await publish('up'), await publish('up')];
    await bus.idle();
    for (const id of ids) expect((await journal.getMessage(id))?.status).toBe('delivered');
    expect(down.calls).toBe(2);
    for (const w of workers) await w.drain();
  });
});
