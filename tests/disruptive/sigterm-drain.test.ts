import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../src/core/paths';
import { generateApiKey } from '../../src/intake/api-keys';
import { createJournal } from '../../src/journal';
import type { Journal } from '../../src/journal/journal';
import { silentLogger } from '../../src/observability/logger';
import { startSirSimulator, type SirSimulator } from '../../simulators/sir';
import { createTestVhost, queueMessages, type TestVhost } from '../helpers/rabbit';
import { exampleEntry } from '../helpers/entries';
import { waitFor } from '../helpers/stack';
import { servePasarela, writeServeConfig } from '../helpers/process';

const serve = servePasarela;

describe('SIGTERM (pasarela as its own process, real RabbitMQ, journal and SIR simulator)', () => {
  let vhost: TestVhost;
  let sim: SirSimulator;
  let tmp: string;
  let journal: Journal;
  let running: ChildProcess | undefined;

  beforeAll(async () => {
    expect(existsSync(projectPath('dist', 'src', 'cli', 'main.js'))).toBe(true);
    vhost = await createTestVhost();
    // Slow answers, so deliveries are in flight when the signal arrives.
    sim = await startSirSimulator({ port: 0, logger: silentLogger(), faults: { latencyMs: [500, 1000] } });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-sigterm-'));
  });
  afterAll(async () => {
    running?.kill('SIGKILL');
    await journal?.close();
    await sim?.stop();
    await vhost?.delete();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses new entries with 503, finishes or requeues what is in flight, exits 0, and loses nothing', async () => {
    const { url, dbUrl, configFile } = await writeServeConfig(tmp, { amqpUrl: vhost.url, simUrl: sim.url, sirTimeoutMs: 5000 });
    let proc = serve(configFile, 20);
    running = proc.child;
    await waitFor(() => fetch(`${url}/readyz`).then((r) => r.status, () => 0), (s) => s === 200, 30_000);
    journal = createJournal(dbUrl, { logger: silentLogger() });
    const k = generateApiKey();
    await journal.createApiKey({ tenant: 'L02000023', name: 'sigterm', hash: k.hash, prefix: k.prefix });
    const postEntry = () => fetch(`${url}/v1/registry-entries`, {
      method: 'POST', headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' }, body: JSON.stringify(exampleEntry()),
    });

    const posted = await Promise.all(Array.from({ length: 60 }, () => postEntry()));
    expect(posted.map((r) => r.status)).toEqual(Array(60).fill(202));
    const ids = await Promise.all(posted.map(async (r) => ((await r.json()) as { id: string }).id));
    await waitFor(async () => sim.stats().received, (n) => n > 0, 30_000);
    proc.child.kill('SIGTERM');
    // While it drains (deliveries take 0.5-1 s each), /readyz says so and intake answers 503 with Retry-After.
    const readiness = await waitFor(() => fetch(`${url}/readyz`).then((r) => r.json() as Promise<{ status: string }>), (r) => r.status === 'stopping', 10_000);
    expect(readiness.status).toBe('stopping');
    const during = await postEntry();
    expect({ status: during.status, retryAfter: during.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '5' });
    expect(await proc.exit).toBe(0);

    // Nothing is left claimed by the stopped process: each entry is delivered, or queued and back in RabbitMQ.
    const statuses = await Promise.all(ids.map(async (id) => (await journal.getMessage(id))!.status));
    expect(statuses.filter((s) => s !== 'delivered' && s !== 'queued')).toEqual([]);
    const undelivered = statuses.filter((s) => s === 'queued').length;
    expect(undelivered).toBeGreaterThan(0);
    // The broker's queue statistics lag a few seconds behind: wait for them to settle.
    const inWorkQueue = () => queueMessages(vhost.vhost).then((q) => q['pasarela.registry-entry-to-sir.work']);
    expect(await waitFor(inWorkQueue, (n) => n === undelivered, 20_000)).toBe(undelivered);

    // A new process delivers the rest; SIR holds each entry once.
    proc = serve(configFile, 20);
    running = proc.child;
    for (const id of ids) await waitFor(() => journal.getMessage(id), (m) => m?.status === 'delivered', 60_000);
    expect(sim.stats()).toMatchObject({ unique: 60 });
    expect(sim.stats().duplicates).toBe(0);
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
  });
});
