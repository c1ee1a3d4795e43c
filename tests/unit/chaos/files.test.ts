import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRoutes } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { createSchemaRegistry } from '../../../src/core/schemas';
import { writeConfigFiles } from '../../../chaos/config-files';
import { entryBodies, registryNumberOf } from '../../../chaos/entries';

describe('the files a chaos run writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-chaos-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are a valid configuration with a route tightened for a short run and no rate limit', () => {
    const file = writeConfigFiles(dir, {
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672/pasarela-chaos-x', journalUrl: 'sqlite:/tmp/x.db', sirEndpoint: 'http://127.0.0.1:1/CIR_P2P/services/WS_SIR6_B',
    });
    const config = loadConfig({ env: { PASARELA_CONFIG: file } });
    expect(config.connectors.sir).toMatchObject({ endpoint: 'http://127.0.0.1:1/CIR_P2P/services/WS_SIR6_B', timeoutMs: 2000 });
    const [route] = resolveRoutes(config);
    expect(route).toMatchObject({ retry: { attempts: 10, initialDelayMs: 200, maxDelayMs: 3000 }, prefetch: 16, deliveryLimit: 50, rateLimit: undefined });
    expect(route.breaker).toEqual({ failureThreshold: 5, probeInitialMs: 200, probeMaxMs: 2000 });
  });
});

describe('the chaos entries', () => {
  it('are valid registry entries, each with its own registry number', () => {
    const body = entryBodies('a1b2c3');
    const [first, last] = [JSON.parse(body(0)), JSON.parse(body(999_999))];
    expect(createSchemaRegistry().validatePayload('registry-entry', 1, last)).toEqual([]);
    expect([first.origin.registryNumber, last.origin.registryNumber]).toEqual([registryNumberOf('a1b2c3', 0), 'CHAOS-a1b2c3-999999']);
    expect(last.origin.registryNumber.length).toBeLessThanOrEqual(20);
  });
});
