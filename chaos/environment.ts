import { UNTHROTTLED } from '../src/intake/key-limits';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectPath } from '../src/core/paths';
import { generateApiKey } from '../src/intake/api-keys';
import { createJournal, type Journal } from '../src/journal';
import { createVhost, deleteVhost, ensureBrokerRunning, vhostUrl } from './broker';
import type { Cleanup } from './cleanup';
import { writeConfigFiles } from './config-files';
import { createDatabase, dropDatabase } from './database';
import type { ChaosOptions } from './options';
import { cleanEnv, freePort, pasarelaProcess, startSimulator, type PasarelaProcess, type SimulatorProcess } from './processes';
import { simClient, type SimClient } from './sim-client';

/** The demo tenant of config/default.yaml; its office O00009001 is the example entry's. */
export const TENANT = 'L02000023';

/** Everything a chaos run drives, each part its own: vhost, database, temp folder, processes. */
export interface ChaosStack {
  runId: string;
  /** Temp folder: config, routes, logs (and the SQLite journal). Kept when `keepFiles()` was called. */
  dir: string;
  journal: Journal;
  apiKey: string;
  intake: PasarelaProcess;
  workers: PasarelaProcess[];
  sim: SimulatorProcess;
  simControl: SimClient;
  /** Keep the temp folder at clean-up (a failed run: its logs are the evidence). */
  keepFiles(): void;
}

const execAsync = promisify(execFile);

/** Run a setup step; its failure names the step, so exit 2 says what was missing. */
async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

async function checkConfig(configFile: string): Promise<void> {
  try {
    await execAsync(process.execPath, [projectPath('bin', 'pasarela.js'), 'config', 'check'], {
      cwd: projectPath(), env: cleanEnv({ PASARELA_CONFIG: configFile }), timeout: 60_000,
    });
  } catch (e) {
    throw new Error(`the generated configuration ${configFile} is not valid: ${(e as { stderr?: string }).stderr?.trim() || (e as Error).message}`);
  }
}

async function journalUrl(o: ChaosOptions, runId: string, dir: string, cleanup: Cleanup): Promise<string> {
  if (o.journal === 'sqlite') return `sqlite:${path.join(dir, 'journal.db')}`;
  const name = `pasarela_chaos_${runId}`;
  const url = await step('could not create the PostgreSQL database (PASARELA_TEST_PG_URL)', () => createDatabase(name));
  cleanup.add(`drop database ${name}`, () => dropDatabase(name));
  return url;
}

async function newApiKey(journal: Journal): Promise<string> {
  const { key, hash, prefix } = generateApiKey();
  // Unthrottled: the proof posts thousands of entries as fast as it can.
  await journal.createApiKey({ tenant: TENANT, name: 'chaos', hash, prefix, rateLimit: UNTHROTTLED });
  return key;
}

/** Start pasarela's processes: one intake, `count` workers, each on its own port. */
async function startPasarela(o: ChaosOptions, configFile: string, logDir: string, cleanup: Cleanup) {
  const spec = async (name: string, role: 'intake' | 'worker') => pasarelaProcess({ name, role, port: await freePort(), configFile, logDir });
  const intake = await spec('intake', 'intake');
  const workers = await Promise.all(Array.from({ length: o.workers }, (_, i) => spec(`worker-${i + 1}`, 'worker')));
  for (const p of [intake, ...workers]) cleanup.add(`stop ${p.name}`, () => p.stop());
  await Promise.all([intake, ...workers].map((p) => p.start()));
  return { intake, workers };
}

/**
 * Build the run's world. Every part is registered with `cleanup` as soon as it exists, so a
 * failure halfway leaves nothing behind (the caller runs the clean-up).
 */
export async function setUp(o: ChaosOptions, cleanup: Cleanup): Promise<ChaosStack> {
  const runId = randomBytes(3).toString('hex');
  const dir = mkdtempSync(path.join(os.tmpdir(), `pasarela-chaos-${runId}-`));
  let keep = false;
  cleanup.add('remove the temp folder', () => (keep ? undefined : rmSync(dir, { recursive: true, force: true })));
  const vhost = `pasarela-chaos-${runId}`;
  await step('could not create a RabbitMQ vhost with rabbitmqctl', () => createVhost(vhost));
  cleanup.add(`delete vhost ${vhost}`, () => deleteVhost(vhost));
  // Runs before the vhost is deleted: a run interrupted mid-restart must not leave the broker stopped.
  cleanup.add('start the broker if a restart was cut short', ensureBrokerRunning);
  const jUrl = await journalUrl(o, runId, dir, cleanup);
  const sim = await startSimulator({ faults: o.faults, logDir: dir });
  cleanup.add('stop the SIR simulator', () => sim.stop());
  const configFile = writeConfigFiles(dir, { amqpUrl: vhostUrl(vhost), journalUrl: jUrl, sirEndpoint: sim.endpoint });
  await checkConfig(configFile);
  const journal = createJournal(jUrl);
  cleanup.add('close the journal', () => journal.close());
  const apiKey = await step('could not prepare the journal', async () => {
    await journal.migrate();
    return newApiKey(journal);
  });
  const { intake, workers } = await startPasarela(o, configFile, dir, cleanup);
  return { runId, dir, journal, apiKey, intake, workers, sim, simControl: simClient(sim.base), keepFiles: () => (keep = true) };
}
