import { spawn, type ChildProcess } from 'node:child_process';
import { projectPath } from '../src/core/paths';
import type { Faults, SirStats } from '../simulators/sir';

export interface SimulatorProcess {
  url: string;
  stats(): Promise<SirStats>;
  /** Replace the faults (missing fields: no fault), over IPC: works while the simulator is down. */
  setFaults(f: Partial<Faults>): Promise<Faults>;
  stop(): Promise<void>;
}

/**
 * The SIR simulator in its own process, as SIR is in production: its XML parsing must not be
 * charged to pasarela's event loop in a benchmark. Runs the compiled `dist/bench/sim-child.js`,
 * starting with `faults` (e.g. `{ down: true, downForMs }` to build a backlog).
 */
export async function startSimulatorProcess(faults: Partial<Faults> = {}): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [projectPath('dist', 'bench', 'sim-child.js'), JSON.stringify(faults)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (f: Faults) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (m: { ready?: string; id?: number; faults?: Faults; error?: string }) => {
      if (m.ready) return resolve(m.ready);
      const waiter = m.id === undefined ? undefined : pending.get(m.id);
      if (!waiter) return;
      pending.delete(m.id!);
      if (m.error !== undefined) waiter.reject(new Error(`the simulator refused the faults: ${m.error}`));
      else waiter.resolve(m.faults!);
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code} before listening`)));
  });
  const base = new URL(url).origin;
  return {
    url,
    stats: async () => (await (await fetch(`${base}/_sim/stats`)).json()) as SirStats,
    setFaults: (f) =>
      new Promise<Faults>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, faults: f });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
