import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { projectPath } from '../../../src/core/paths';
import { createJournal } from '../../../src/journal';
import { BACKENDS } from './stores';

const run = promisify(execFile);
const COUNT = 150;

/** A separate Node process drawing `COUNT` values of one sequence from the journal at `url`. */
async function drawInAnotherProcess(url: string, name: string): Promise<number[]> {
  const journalModule = projectPath('dist', 'src', 'journal', 'index.js');
  const script = `
    const { createJournal } = require(${JSON.stringify(journalModule)});
    (async () => {
      const j = createJournal(process.argv[1]);
      const values = [];
      for (let i = 0; i < ${COUNT}; i++) values.push(await j.nextSequence(process.argv[2]));
      await j.close();
      process.stdout.write(JSON.stringify(values));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const { stdout } = await run('node', ['-e', script, url, name], { timeout: 120_000 });
  return JSON.parse(stdout) as number[];
}

describe.each(BACKENDS)('exchange-id sequences on %s across processes', (_name, fresh) => {
  it('hands out values never reused when two worker processes draw at once', async () => {
    expect(existsSync(projectPath('dist', 'src', 'journal', 'index.js'))).toBe(true);
    const store = await fresh();
    try {
      const journal = createJournal(store.url);
      await journal.migrate();
      await journal.close();
      const name = 'exchange-id:O00009001:26';
      const [a, b] = await Promise.all([drawInAnotherProcess(store.url, name), drawInAnotherProcess(store.url, name)]);
      const all = [...a, ...b].sort((x, y) => x - y);
      expect(new Set(all).size).toBe(2 * COUNT);
      expect(all[0]).toBe(1);
      expect(all.at(-1)).toBe(2 * COUNT);
    } finally {
      await store.dispose();
    }
  });
});
