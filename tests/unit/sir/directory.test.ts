import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load';
import { Errors, isPasarelaError } from '../../../src/core/errors';
import { projectRoot } from '../../../src/core/paths';
import { configuredDirectory, loadCodeList, loadDirectoryFile } from '../../../src/sir/directory';

/** The error a call throws (the test fails when it throws nothing). */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

describe('the DIR3 directory file', () => {
  let tmp: string;
  const file = (name: string, content: string) => {
    const p = path.join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-dir3-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('knows exactly the codes it lists', () => {
    const directory = loadDirectoryFile(file('good.txt', 'O00009001\nL02000023\n'));
    expect(directory.size).toBe(2);
    expect(directory.exists('O00009001')).toBe(true);
    expect(directory.exists('L02000023')).toBe(true);
    expect(directory.exists('O00009002')).toBe(false);
  });

  it('ignores comments, blank lines, a byte order mark, Windows line ends and spaces around codes', () => {
    const text = '\uFEFF# offices of Jaén\r\n\r\n  O00009001  \r\nO00009002 # second office\r\n   \r\n#O00009003\r\n';
    expect([...loadCodeList(file('commented.txt', text))]).toEqual(['O00009001', 'O00009002']);
  });

  it('refuses a line that is not a well-formed DIR3 code with CONFIG_INVALID naming the file and the line, never the text', () => {
    const bad = file('bad.txt', '# known\nO00009001\n\no00009002\n');
    const e = thrown(() => loadDirectoryFile(bad));
    expect(isPasarelaError(e) && e.code).toBe(Errors.CONFIG_INVALID.code);
    expect((e as Error).message).toBe(`DIR3 code list ${bad} line 4: not a well-formed DIR3 code (an upper-case letter then 8 upper-case letters or digits)`);
    expect((e as Error).message).not.toContain('o00009002');
  });

  it('refuses a missing file with CONFIG_INVALID naming it', () => {
    const missing = path.join(tmp, 'missing.txt');
    const e = thrown(() => loadDirectoryFile(missing));
    expect(isPasarelaError(e) && e.code).toBe(Errors.CONFIG_INVALID.code);
    expect((e as Error).message).toBe(`DIR3 code list ${missing}: cannot be read (ENOENT)`);
  });

  it('refuses a folder in place of a file', () => {
    expect((thrown(() => loadDirectoryFile(tmp)) as Error).message).toBe(`DIR3 code list ${tmp}: cannot be read (EISDIR)`);
  });

  it('refuses a list without any code, which would make every code unknown', () => {
    const empty = file('empty.txt', '# nothing yet\n\n');
    expect((thrown(() => loadCodeList(empty)) as Error).message).toBe(`DIR3 code list ${empty}: holds no DIR3 code`);
  });
});

describe('the configured DIR3 directory', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-dir3-config-'));
    writeFileSync(path.join(tmp, 'dir3.txt'), 'O00009001\n');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is absent when the configuration has no dir3 block', () => {
    expect(configuredDirectory({})).toBeUndefined();
    expect(loadConfig({ env: {} }).dir3).toBeUndefined();
  });

  it('is a dir3 block with a file and nothing else, as the configuration schema says', () => {
    expect(loadConfig({ env: {}, overrides: { dir3: { file: 'data/dir3.txt' } } }).dir3).toEqual({ file: 'data/dir3.txt' });
    for (const dir3 of [{}, { file: '' }, { file: 'a.txt', url: 'http://x' }, 'a.txt']) {
      const e = thrown(() => loadConfig({ env: {}, overrides: { dir3 } }));
      expect(isPasarelaError(e) && e.code).toBe(Errors.CONFIG_INVALID.code);
      expect((e as Error).message).toContain('config/dir3');
    }
  });

  it('reads dir3.file once per configuration', () => {
    const config = { dir3: { file: path.join(tmp, 'dir3.txt') } };
    const first = configuredDirectory(config);
    writeFileSync(path.join(tmp, 'dir3.txt'), 'O00009002\n');
    expect(configuredDirectory(config)).toBe(first);
    expect(first?.exists('O00009001')).toBe(true);
    expect(configuredDirectory({ dir3: { file: path.join(tmp, 'dir3.txt') } })?.exists('O00009002')).toBe(true);
  });

  it('takes a relative dir3.file from the project root', () => {
    const relative = path.relative(projectRoot(), path.join(tmp, 'dir3.txt'));
    expect(configuredDirectory({ dir3: { file: relative } })?.size).toBe(1);
  });

  it('names config/dir3/file when the file cannot be read', () => {
    const e = thrown(() => configuredDirectory({ dir3: { file: path.join(tmp, 'nope.txt') } }));
    expect(isPasarelaError(e) && e.code).toBe(Errors.CONFIG_INVALID.code);
    expect((e as Error).message).toBe(`Invalid configuration:\n  config/dir3/file: DIR3 code list ${path.join(tmp, 'nope.txt')}: cannot be read (ENOENT)`);
  });
});
