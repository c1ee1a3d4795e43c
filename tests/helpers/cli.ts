import { execFile } from 'node:child_process';
import { projectPath } from '../../src/core/paths';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`bin/pasarela.js`, compiled by `npm run build`) as a user would, from the
 * project root, with `env` over this process's environment; `input` is written to its stdin.
 */
export function pasarela(args: string[], env: Record<string, string> = {}, opts: { timeout?: number; input?: string } = {}): Promise<CliRun> {
  return new Promise<CliRun>((resolve) => {
    const child = execFile('node', [projectPath('bin', 'pasarela.js'), ...args], { env: { ...process.env, ...env }, timeout: opts.timeout ?? 120_000, cwd: projectPath() }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}
