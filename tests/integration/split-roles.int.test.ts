import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/load';
import { generateApiKey } from '../../src/intake/api-keys';
import { silentLogger } from '../../src/observability/logger';
import { startSirSimulator, type SirSimulator } from '../../simulators/sir';
import { exampleEntry } from '../helpers/stack';
import { createTestVhost, type TestVhost } from '../helpers/rabbit';

describe('intake and worker as separate instances on one broker and one journal', () => {
  let vhost: TestVhost;
  let sim: SirSimulator;
  let tmp: string;
  let intake: App;
  let worker: App;
  let key: string;

  const configFor = () =>
    loadConfig({
      env: {},
      overrides: {
        http: { port: 0 },
        amqp: { url: vhost.url, initialMaxRetries: 1 },
        journal: { url: `sqlite:${path.join(tmp, 'journal.db')}` },
        connectors: { sir: { endpoint: sim.url, timeoutMs: 5000, wssec: { sign: false } } },
      },
    });

  beforeAll(async () => {
    vhost = await createTestVhost();
    sim = await startSirSimulator({ port: 0, logger: silentLogger() });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-split-'));
    intake = buildApp(configFor(), { role: 'intake', logger: silentLogger() });
    await intake.start();
    const k = generateApiKey();
    await intake.journal.createApiKey({ tenant: 'L02000023', name: 'split', hash: k.hash, prefix: k.prefix });
    key = k.key;
  });
  afterAll(async () => {
    await intake?.stop();
    await worker?.stop();
    await sim?.stop();
    await vhost?.delete();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps accepted entries queued while no worker runs, and delivers them once one starts', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${intake.url()}/v1/registry-entries`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(exampleEntry()),
      });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    expect(await intake.bus.queueDepth('registry-entry-to-sir')).toBe(3);
    expect(sim.stats().received).toBe(0);

    worker = buildApp(configFor(), { role: 'worker', logger: silentLogger() });
    await worker.start();
    const statuses = () => Promise.all(ids.map(async (id) => (await intake.journal.getMessage(id))?.status));
    const until = Date.now() + 30_000;
    while ((await statuses()).some((s) => s !== 'delivered') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await statuses()).toEqual(['delivered', 'delivered', 'delivered']);
    expect(sim.stats()).toMatchObject({ received: 3, unique: 3, duplicates: 0 });
  });
});
