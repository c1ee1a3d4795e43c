import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deepMerge, loadConfig } from '../../../src/config/load';
import { PasarelaError } from '../../../src/core/errors';

function fileWith(yaml: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-config-'));
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, yaml);
  return file;
}

function problemOf(fn: () => unknown): PasarelaError {
  try {
    fn();
  } catch (e) {
    return e as PasarelaError;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('loads the embedded defaults: port 8080, local RabbitMQ, SQLite under ./data, the demo tenant', () => {
    const c = loadConfig({ env: {} });
    expect(c.http.port).toBe(8080);
    expect(c.amqp.url).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(c.journal.url).toBe('sqlite:./data/pasarela.db');
    expect(c.tenants.map((t) => t.code)).toContain('L02000023');
    expect(c.connectors.sir).toMatchObject({ endpoint: 'http://127.0.0.1:8091/CIR_P2P/services/WS_SIR6_B' });
  });

  it('applies the environment overrides', () => {
    const c = loadConfig({
      env: { PASARELA_PORT: '9090', PASARELA_AMQP_URL: 'amqp://u:p@mq:5672/v', PASARELA_DB_URL: 'postgres://db/pasarela' },
    });
    expect(c.http.port).toBe(9090);
    expect(c.amqp.url).toBe('amqp://u:p@mq:5672/v');
    expect(c.journal.url).toBe('postgres://db/pasarela');
  });

  it('deep-merges the file named by PASARELA_CONFIG, replacing lists', () => {
    const file = fileWith('http:\n  port: 7000\ntenants:\n  - code: L01230001\n    name: Ayuntamiento\n    offices: [O00007001]\n');
    const c = loadConfig({ env: { PASARELA_CONFIG: file } });
    expect(c.http.port).toBe(7000);
    expect(c.http.host).toBe('127.0.0.1');
    expect(c.tenants.map((t) => t.code)).toEqual(['L01230001']);
  });

  it('refuses a port out of range, naming the path', () => {
    const e = problemOf(() => loadConfig({ env: { PASARELA_PORT: '70000' } }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('config/http/port');
  });

  it('refuses a port that is not a number, naming the variable', () => {
    const e = problemOf(() => loadConfig({ env: { PASARELA_PORT: 'eighty' } }));
    expect(e.message).toContain('PASARELA_PORT: must be a whole number');
  });

  it('refuses an unknown setting and a journal URL of an unknown kind', () => {
    const file = fileWith('htp:\n  port: 1\njournal:\n  url: mysql://x\n');
    const e = problemOf(() => loadConfig({ env: { PASARELA_CONFIG: file } }));
    expect(e.message).toContain('config/htp: is not a known setting');
    expect(e.message).toContain('config/journal/url');
  });

  it('refuses a missing config file and a file that is not YAML', () => {
    expect(problemOf(() => loadConfig({ env: { PASARELA_CONFIG: '/nonexistent/pasarela.yaml' } })).message).toContain('file not found');
    expect(problemOf(() => loadConfig({ env: { PASARELA_CONFIG: fileWith('a: [unclosed') } })).message).toContain('not valid YAML');
    expect(problemOf(() => loadConfig({ env: { PASARELA_CONFIG: fileWith('- a list\n') } })).message).toContain('must be a mapping');
  });

  it('refuses a tenant DIR3 code of the wrong shape and an office owned by two tenants', () => {
    const bad = fileWith('tenants:\n  - code: nope\n    name: X\n    offices: [O00000001]\n');
    expect(problemOf(() => loadConfig({ env: { PASARELA_CONFIG: bad } })).message).toContain('config/tenants/0/code');
    const twice = fileWith(
      'tenants:\n  - code: L01230001\n    name: A\n    offices: [O00000001]\n  - code: L01230002\n    name: B\n    offices: [O00000001]\n',
    );
    expect(problemOf(() => loadConfig({ env: { PASARELA_CONFIG: twice } })).message).toContain('already belongs to tenant L01230001');
  });

  it('survives YAML alias bombs without expanding them', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
    const e = problemOf(() => loadConfig({ env: { PASARELA_CONFIG: fileWith(bomb) } }));
    expect(e.code).toBe('CONFIG_INVALID');
  });
});

describe('deepMerge', () => {
  it('merges nested mappings and ignores prototype keys', () => {
    const merged = deepMerge({ a: { b: 1, c: 2 } }, JSON.parse('{"a":{"c":3},"__proto__":{"polluted":true}}'));
    expect(merged).toEqual({ a: { b: 1, c: 3 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
