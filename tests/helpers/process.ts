import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { projectPath } from '../../src/core/paths';

/** A free TCP port: listen on 0, read it, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = (s.address() as net.AddressInfo);
      s.close(() => resolve(port));
    });
  });
}

/** `pasarela serve --role all` as its own process (the built CLI), on `configFile`; `exit` resolves its exit code. */
export function servePasarela(configFile: string, grace?: number): { child: ChildProcess; exit: Promise<number | null> } {
  const args = [projectPath('bin', 'pasarela.js'), 'serve', '--role', 'all', ...(grace === undefined ? [] : ['--grace', String(grace)])];
  const child = spawn('node', args, { env: { ...process.env, PASARELA_CONFIG: configFile, PASARELA_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  // Drained, so a chatty child never blocks on a full pipe.
  child.stderr?.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit };
}

export interface ServeWorld {
  url: string;
  dbUrl: string;
  configFile: string;
}

/**
 * A configuration file in `dir` for a pasarela process of its own: a free port, the test's vhost,
 * an SQLite journal in `dir`, the SIR simulator at `simUrl` (unsigned), and `extra` top-level keys.
 */
export async function writeServeConfig(dir: string, o: { amqpUrl: string; simUrl: string; sirTimeoutMs: number; extra?: Record<string, unknown> }): Promise<ServeWorld> {
  const port = await freePort();
  const dbUrl = `sqlite:${path.join(dir, 'journal.db')}`;
  const configFile = path.join(dir, 'config.yaml');
  writeFileSync(configFile, toYaml({
    http: { port }, amqp: { url: o.amqpUrl }, journal: { url: dbUrl },
    connectors: { sir: { endpoint: o.simUrl, timeoutMs: o.sirTimeoutMs, wssec: { sign: false } } },
    ...o.extra,
  }));
  return { url: `http://127.0.0.1:${port}`, dbUrl, configFile };
}
