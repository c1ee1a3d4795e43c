import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateOperatorToken } from '../../src/admin/tokens';
import { projectPath } from '../../src/core/paths';
import { generateApiKey } from '../../src/intake/api-keys';
import { createJournal } from '../../src/journal';
import type { Journal } from '../../src/journal/journal';
import { silentLogger } from '../../src/observability/logger';
import { startSirSimulator, type SirSimulator } from '../../simulators/sir';
import { admin } from '../helpers/admin';
import { exampleEntry } from '../helpers/entries';
import { createTestVhost, type TestVhost } from '../helpers/rabbit';
import { waitFor } from '../helpers/stack';
import { servePasarela, writeServeConfig } from '../helpers/process';

const ENTRIES = 30;

/** pasarela as its own process; SIGKILL is what this test sends it. */
const serve = (configFile: string): ChildProcess => servePasarela(configFile).child;

describe('a bulk replay whose process is killed with -9 (pasarela as its own process, real RabbitMQ, journal and SIR simulator)', () => {
  let vhost: TestVhost;
  let sim: SirSimulator;
  let tmp: string;
  let journal: Journal;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    expect(existsSync(projectPath('dist', 'src', 'cli', 'main.js'))).toBe(true);
    vhost = await createTestVhost();
    sim = await startSirSimulator({ port: 0, logger: silentLogger() });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-replay-crash-'));
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await journal?.close();
    await sim?.stop();
    await vhost?.delete();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('is resumed by the next process once its lease runs out, and replays each message exactly once', async () => {
    const { url, dbUrl, configFile } = await writeServeConfig(tmp, {
      amqpUrl: vhost.url, simUrl: sim.url, sirTimeoutMs: 2000,
      // A short lease, so the job is taken over within the test's patience.
      extra: { admin: { replays: { leaseMs: 2000, batch: 2 } } },
    });
    running.push(serve(configFile));
    await waitFor(() => fetch(`${url}/readyz`).then((r) => r.status, () => 0), (s) => s === 200, 30_000);
    journal = createJournal(dbUrl, { logger: silentLogger() });
    const key = generateApiKey();
    await journal.createApiKey({ tenant: 'L02000023', name: 'replay-crash', hash: key.hash, prefix: key.prefix });
    const op = generateOperatorToken();
    await journal.operations.createOperator({ name: 'night', role: 'operator', hash: op.hash, prefix: op.prefix });

    // SIR refuses every fichero: each entry is parked at its first attempt.
    await sim.setFaults({ fatalRate: 1 });
    const ids: string[] = [];
    for (let i = 0; i < ENTRIES; i++) {
      const res = await fetch(`${url}/v1/registry-entries`, {
        method: 'POST', headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' }, body: JSON.stringify(exampleEntry()),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    for (const id of ids) await waitFor(() => journal.getMessage(id), (m) => m?.status === 'parked', 30_000);
    await sim.setFaults({});
    sim.reset();

    const job = (await admin({ url }, op.token, 'POST', '/admin/v1/replays', { filter: { route: 'registry-entry-to-sir' }, ratePerSecond: 6 })).body;
    expect(job).toMatchObject({ status: 'running', total: ENTRIES });
    await waitFor(async () => (await journal.operations.getReplayJob(job.id))!.replayed, (n) => n >= 6, 30_000);
    running[0].kill('SIGKILL');
    await new Promise((resolve) => running[0].once('exit', resolve));
    const cut = (await journal.operations.getReplayJob(job.id))!;
    expect(cut.status).toBe('running');
    expect(cut.replayed).toBeLessThan(ENTRIES);

    running.push(serve(configFile));
    const done = await waitFor(() => journal.operations.getReplayJob(job.id), (j) => j?.status !== 'running', 90_000);
    expect(done).toMatchObject({ status: 'completed', replayed: ENTRIES, skipped: 0, failed: 0 });
    for (const id of ids) {
      const detail = (await journal.operations.messageDetail(id))!;
      expect(detail.status).toBe('replayed');
      expect(detail.replays).toHaveLength(1);
      // Replays committed but not yet published when the process died are queued by the worker's recovery.
      await waitFor(() => journal.getMessage(detail.replays[0].id), (m) => m?.status === 'delivered', 90_000);
    }
    expect(sim.stats()).toMatchObject({ unique: ENTRIES, duplicates: 0 });
  });
});
