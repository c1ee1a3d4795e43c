import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../src/core/paths';
import { generateApiKey } from '../../src/intake/api-keys';
import { createJournal } from '../../src/journal';
import type { Journal } from '../../src/journal/journal';
import { silentLogger } from '../../src/observability/logger';
import { startSirSimulator, type SirSimulator } from '../../simulators/sir';
import { startCarpetaSimulator, type CarpetaSimulator } from '../../simulators/carpeta';
import { expediente } from '../helpers/expedientes';
import { createTestVhost, type TestVhost } from '../helpers/rabbit';
import { waitFor } from '../helpers/stack';
import { servePasarela, writeServeConfig } from '../helpers/process';

const EXPEDIENTES = 10;
const SEQUENCES = [2, 3, 1];
const SECRET = `carpeta-crash-secret-${process.pid}`;

describe('expediente changes whose pasarela is killed with -9 mid-push (pasarela as its own process, real RabbitMQ, journal, Carpeta simulator)', () => {
  let vhost: TestVhost;
  let sir: SirSimulator;
  let carpeta: CarpetaSimulator;
  let tmp: string;
  let journal: Journal;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    expect(existsSync(projectPath('dist', 'src', 'cli', 'main.js'))).toBe(true);
    vhost = await createTestVhost();
    sir = await startSirSimulator({ port: 0, logger: silentLogger() });
    // Slow answers: the process dies with pushes Carpeta took but pasarela did not hear about.
    carpeta = await startCarpetaSimulator({ port: 0, logger: silentLogger(), secret: SECRET, faults: { latencyMs: [200, 600] } });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-carpeta-crash-'));
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await journal?.close();
    await carpeta?.stop();
    await sir?.stop();
    await vhost?.delete();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('projects the newest state of every expediente and Carpeta applies each change taken once', async () => {
    const secretFile = path.join(tmp, 'carpeta.secret');
    writeFileSync(secretFile, SECRET + '\n');
    const { url, dbUrl, configFile } = await writeServeConfig(tmp, {
      amqpUrl: vhost.url, simUrl: sir.url, sirTimeoutMs: 2000,
      extra: { connectors: { sir: { endpoint: sir.url, timeoutMs: 2000, wssec: { sign: false } }, carpeta: { url: carpeta.pushUrl, secretFile, timeoutMs: 2000 } } },
    });
    running.push(servePasarela(configFile).child);
    await waitFor(() => fetch(`${url}/readyz`).then((r) => r.status, () => 0), (s) => s === 200, 30_000);
    journal = createJournal(dbUrl, { logger: silentLogger() });
    const key = generateApiKey();
    await journal.createApiKey({ tenant: 'L02000023', name: 'carpeta-crash', hash: key.hash, prefix: key.prefix });

    const ids = Array.from({ length: EXPEDIENTES }, (_, i) => `ES_L02000023_2026_EXP_CRASH${i}`);
    for (const seq of SEQUENCES) {
      for (let i = 0; i < EXPEDIENTES; i++) {
        const body = expediente('L02000023', `CRASH${i}`, seq, 'in-progress', `2026-05-2${seq}T10:00:00+02:00`);
        const res = await fetch(`${url}/v1/expedientes/${ids[i]}/status`, { method: 'POST', headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status).toBe(202);
      }
    }
    await waitFor(async () => carpeta.stats().received, (n) => n >= 3, 30_000);
    running[0].kill('SIGKILL');
    await new Promise((resolve) => running[0].once('exit', resolve));
    running.push(servePasarela(configFile).child);

    let applied = 0;
    for (const id of ids) {
      const projected = await waitFor(() => journal.expedientes.get(id), (e) => e?.sequence === 3, 90_000);
      expect(projected?.sequence).toBe(3);
      applied += (await journal.expedientes.history(id)).filter((h) => h.outcome === 'applied').length;
      const held = await waitFor(async () => carpeta.expediente(id), (x) => x?.current.sequence === 3, 90_000);
      expect(held?.current.sequence).toBe(3);
    }
    // Each change the projection took reached Carpeta under one delivery id (pushes of one
    // expediente may arrive out of order: Carpeta keeps the newest). A push Carpeta took just
    // before the kill comes again with the same id: counted as a duplicate, not applied twice.
    const stats = await waitFor(async () => carpeta.stats(), (st) => st.unique === applied, 90_000);
    expect(stats.unique).toBe(applied);
    expect(stats.received - stats.duplicates).toBe(applied);
    expect(stats.badSignatures).toBe(0);
  });
});
