import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { projectPath } from '../../src/core/paths';

/**
 * The chaos proof with a small count: `dist/chaos/run.js` (built by `npm test` before jest)
 * restarts RabbitMQ, kills a worker and takes the SIR simulator down while it posts 500 entries,
 * then accounts for every one. Disruptive: the broker restart hits every vhost on the machine.
 */
const RUNNER = projectPath('dist', 'chaos', 'run.js');

function runChaos(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, ...args], { cwd: projectPath(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the chaos run', () => {
  it('accounts for 500 entries through a broker restart, a killed worker and SIR going down: none lost, none twice', async () => {
    if (!existsSync(RUNNER)) throw new Error(`${RUNNER} is missing: run \`npm run build\` first (npm test does)`);
    const run = await runChaos(['--count', '500', '--json']);
    const context = `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
    const last = run.stdout.trim().split('\n').pop() ?? '';
    expect({ code: run.code, context }).toEqual({ code: 0, context });
    const summary = JSON.parse(last);
    expect(summary).toMatchObject({ accepted: 500, lost: 0, doubleEffects: 0, deliveredNotAtSir: 0, failedDisruptions: 0 });
    expect(summary.delivered + summary.parked).toBe(500);
    expect(summary.disruptions.map((d: { ok: boolean }) => d.ok)).toEqual([true, true, true]);
  }, 600_000);
});
