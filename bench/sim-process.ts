import { spawn, type ChildProcess } from 'node:child_process';
import { projectPath } from '../src/core/paths';
import type { SirStats } from '../simulators/sir';

export interface SimulatorProcess {
  url: string;
  stats(): Promise<SirStats>;
  stop(): Promise<void>;
}

/**
 * The SIR simulator in its own process, as SIR is in production: its XML parsing must not be
 * charged to pasarela's event loop in a benchmark. Uses the compiled `dist/simulators/main.js`.
 */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [projectPath('dist', 'simulators', 'main.js')], {
    env: { ...process.env, PASARELA_SIM_SIR_PORT: '0', PASARELA_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /SIR simulator listening on (\S+)/.exec(seen);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code} before listening`)));
  });
  const base = new URL(url).origin;
  return {
    url,
    stats: async () => (await (await fetch(`${base}/_sim/stats`)).json()) as SirStats,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
