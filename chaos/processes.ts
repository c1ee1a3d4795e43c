import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectPath } from '../src/core/paths';
import { SIR6_PATH } from '../simulators/sir';
import type { ChaosFaults } from './options';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment without PASARELA_* variables: the chaos run sets every one its children see. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PASARELA_')) env[k] = v;
  return { ...env, ...extra };
}

/** A child whose stdout and stderr are appended to `logFile`. */
function spawnLogged(args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    return spawn(process.execPath, args, { cwd: projectPath(), env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Poll `url` until it answers 200; fails early when the child exits. */
async function waitReady(url: string, child: () => ChildProcess, what: string, logFile: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const c = child();
    if (c.exitCode !== null || c.signalCode !== null) throw new Error(`${what} exited (${c.exitCode ?? c.signalCode}) before it was ready; see ${logFile}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s (${url}); see ${logFile}`);
}

/** One `pasarela serve` process, which can be killed and started again on the same port. */
export interface PasarelaProcess {
  name: string;
  url: string;
  logFile: string;
  pid(): number | undefined;
  start(): Promise<void>;
  /** kill -9: no drain, no goodbye to the broker or the journal. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export function pasarelaProcess(o: { name: string; role: 'intake' | 'worker'; port: number; configFile: string; logDir: string }): PasarelaProcess {
  const logFile = path.join(o.logDir, `${o.name}.log`);
  const url = `http://127.0.0.1:${o.port}`;
  const env = cleanEnv({ PASARELA_CONFIG: o.configFile, PASARELA_PORT: String(o.port), PASARELA_LOG_LEVEL: 'warn' });
  let child: ChildProcess | undefined;
  return {
    name: o.name, url, logFile,
    pid: () => child?.pid,
    async start() {
      child = spawnLogged([projectPath('bin', 'pasarela.js'), 'serve', '--role', o.role, '--grace', '5'], env, logFile);
      await waitReady(`${url}/readyz`, () => child!, o.name, logFile);
    },
    async kill9() {
      if (!child) return;
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child) await terminate(child, 10_000);
    },
  };
}

/** The fault variables `simulators/main.ts` reads at start. */
export function simulatorFaultEnv(f: ChaosFaults): Record<string, string> {
  return {
    PASARELA_SIM_SIR_ERROR_RATE: String(f.errorRate),
    PASARELA_SIM_SIR_FATAL_RATE: String(f.fatalRate),
    PASARELA_SIM_SIR_TIMEOUT_RATE: String(f.timeoutRate),
    PASARELA_SIM_SIR_RESET_RATE: String(f.resetRate),
    PASARELA_SIM_SIR_LATENCY_MS: `${f.latencyMs[0]},${f.latencyMs[1]}`,
  };
}

export interface SimulatorProcess {
  /** The WS_SIR6_B endpoint. */
  endpoint: string;
  /** Base URL of the control routes (`/_sim/...`). */
  base: string;
  logFile: string;
  stop(): Promise<void>;
}

/** The SIR simulator in its own process (`dist/simulators/main.js`) with the run's faults. */
export async function startSimulator(o: { faults: ChaosFaults; logDir: string }): Promise<SimulatorProcess> {
  const port = await freePort();
  const logFile = path.join(o.logDir, 'sir-simulator.log');
  const env = cleanEnv({ PASARELA_SIM_SIR_PORT: String(port), PASARELA_SIM_NOTIFICA_PORT: '0', PASARELA_SIM_CARPETA_PORT: '0', PASARELA_LOG_LEVEL: 'warn', ...simulatorFaultEnv(o.faults) });
  const child = spawnLogged([projectPath('dist', 'simulators', 'main.js')], env, logFile);
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/_sim/stats`, () => child, 'the SIR simulator', logFile);
  return { endpoint: `${base}${SIR6_PATH}`, base, logFile, stop: () => terminate(child, 5000) };
}
