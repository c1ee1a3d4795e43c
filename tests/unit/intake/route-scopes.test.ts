import { resolveRoutes } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { createSchemaRegistry } from '../../../src/core/schemas';
import { ROUTE_SCOPES } from '../../../src/intake/route-scopes';
import { isScope } from '../../../src/core/scopes';
import { buildIntakeServer } from '../../../src/intake/server';
import { silentLogger } from '../../../src/observability/logger';
import { FakeBus, FakeJournal, TEST_KEY } from './fakes';

describe('the scope table of tenant endpoints', () => {
  it('names a known scope for every /v1 endpoint the intake server registers, and no endpoint that does not exist', async () => {
    const config = loadConfig({ env: {} });
    const seen: string[] = [];
    const app = buildIntakeServer({
      config, journal: new FakeJournal(TEST_KEY).asJournal(), bus: new FakeBus().asBus(), schemas: createSchemaRegistry(), routes: resolveRoutes(config), logger: silentLogger(),
    });
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) if (r.url.startsWith('/v1/') && method !== 'HEAD') seen.push(`${method} ${r.url}`);
    });
    await app.ready();
    expect(seen.sort()).toEqual(Object.keys(ROUTE_SCOPES).sort());
    expect(Object.values(ROUTE_SCOPES).every(isScope)).toBe(true);
    await app.close();
  });
});
