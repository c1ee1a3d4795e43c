import { createSirAppConnector } from '../../../src/connectors/sir-app';
import { silentLogger } from '../../../src/observability/logger';
import type { SirRelayPayload } from '../../../transforms/sir-relay-passthrough';
import { startTenantApp, type TenantApp } from '../sir/proxy/tenant-app';

const TENANT = 'L01230001';

describe('sir-app connector: relays go where the tenant is configured now (a real HTTP server as the application)', () => {
  let app: TenantApp;
  beforeAll(async () => {
    app = await startTenantApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const deliver = async (tenants: { code: string; sirProxy?: { ws8bUrl: string; ws9Url: string; timeoutMs?: number } }[], p: SirRelayPayload) => {
    const connector = createSirAppConnector();
    await connector.init({ config: { timeoutMs: 5000 }, logger: silentLogger(), tenants: tenants.map((t) => ({ name: 'x', offices: [], ...t })) });
    try {
      return await connector.deliver(p, { signal: new AbortController().signal, attempt: 1, idempotencyKey: 'k', route: 'sir-relay-to-app', logger: silentLogger() });
    } finally {
      await connector.close();
    }
  };

  it('calls the tenant\'s current WS_SIR9 URL, not the stale one the parked message carries', async () => {
    const stale = 'http://127.0.0.1:9/old-ws9';
    const receipt = await deliver([{ code: TENANT, sirProxy: { ws8bUrl: app.ws8bUrl, ws9Url: app.ws9Url } }], {
      kind: 'control', xml: '<De_Mensaje/>', exchangeId: 'O00012345_26_00000001', url: stale, tenant: TENANT,
    });
    expect(receipt.code).toBe('00');
    expect(app.calls.filter((c) => c.path === '/ws9')).toHaveLength(1);
  });

  it('uses the message\'s own URL when its tenant is no longer in proxy mode', async () => {
    const before = app.calls.length;
    await deliver([{ code: TENANT }], { kind: 'fichero', xml: '<Fichero_Intercambio_SICRES_3/>', exchangeId: 'O00012345_26_00000002', url: app.ws8bUrl, tenant: TENANT });
    expect(app.calls.slice(before).map((c) => c.path)).toEqual(['/ws8b']);
  });
});
