import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TenantConfig } from '../../../../src/config/types';
import { ensureDevApiKey, readSecretRef, resolveApiKeys } from '../../../../src/connectors/notifica/keys';
import { isPasarelaError, type FieldProblem, type PasarelaError } from '../../../../src/core/errors';
import { codeOfSync } from '../../../helpers/errors';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-notifica-keys-'));
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function keyFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function tenant(code: string, notifica?: TenantConfig['notifica']): TenantConfig {
  return { code, name: `Ayuntamiento ${code}`, offices: ['O00000001'], ...(notifica && { notifica }) };
}

function isProblem(v: string | FieldProblem): v is FieldProblem {
  return typeof v === 'object';
}

function problemOf(v: string | FieldProblem): FieldProblem {
  expect(isProblem(v)).toBe(true);
  return v as FieldProblem;
}

function refusalOf(run: () => unknown): PasarelaError {
  try {
    run();
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('readSecretRef', () => {
  it('reads the key from the environment variable it names', () => {
    expect(readSecretRef({ apiKeyEnv: 'NOTIFICA_KEY' }, '/p', { NOTIFICA_KEY: 'k-env-1' })).toBe('k-env-1');
  });

  it('refuses an unset environment variable with CONFIG_INVALID at the variable, naming it', () => {
    const p = problemOf(readSecretRef({ apiKeyEnv: 'NOTIFICA_KEY' }, '/connectors/notifica', {}));
    expect(p.code).toBe('CONFIG_INVALID');
    expect(p.pointer).toBe('/connectors/notifica/apiKeyEnv');
    expect(p.message).toContain('NOTIFICA_KEY');
  });

  it('refuses an environment variable set to the empty string', () => {
    const p = problemOf(readSecretRef({ apiKeyEnv: 'NOTIFICA_KEY' }, '/p', { NOTIFICA_KEY: '' }));
    expect(p.pointer).toBe('/p/apiKeyEnv');
  });

  it('reads the key from a file, without its line end', () => {
    expect(readSecretRef({ apiKeyFile: keyFile('k', '  k-file-1\n') }, '/p', {})).toBe('k-file-1');
  });

  it('refuses a missing file with CONFIG_INVALID at the file, naming it', () => {
    const file = path.join(dir, 'absent.apikey');
    const p = problemOf(readSecretRef({ apiKeyFile: file }, '/tenants/0/notifica', {}));
    expect(p.code).toBe('CONFIG_INVALID');
    expect(p.pointer).toBe('/tenants/0/notifica/apiKeyFile');
    expect(p.message).toContain(file);
  });

  it('refuses a file that cannot be read as a file', () => {
    const p = problemOf(readSecretRef({ apiKeyFile: dir }, '/p', {}));
    expect(p.code).toBe('CONFIG_INVALID');
    expect(p.pointer).toBe('/p/apiKeyFile');
  });

  it('refuses an empty or blank file', () => {
    for (const content of ['', ' \n\n']) {
      const file = keyFile('blank', content);
      const p = problemOf(readSecretRef({ apiKeyFile: file }, '/p', {}));
      expect(p.pointer).toBe('/p/apiKeyFile');
      expect(p.message).toContain(file);
    }
  });

  it('refuses a reference that sets both a variable and a file, or neither, at the reference itself', () => {
    const both = problemOf(readSecretRef({ apiKeyEnv: 'NOTIFICA_KEY', apiKeyFile: keyFile('k', 'k-file-2') }, '/p', { NOTIFICA_KEY: 'k-env-2' }));
    const neither = problemOf(readSecretRef({}, '/p', {}));
    for (const p of [both, neither]) {
      expect(p.code).toBe('CONFIG_INVALID');
      expect(p.pointer).toBe('/p');
    }
  });

  it('never puts a key into a problem', () => {
    const problems = [
      readSecretRef({ apiKeyEnv: 'NOTIFICA_KEY', apiKeyFile: keyFile('k', 'k-file-3') }, '/p', { NOTIFICA_KEY: 'k-env-3' }),
      readSecretRef({ apiKeyEnv: 'OTHER' }, '/p', { NOTIFICA_KEY: 'k-env-3' }),
    ].map(problemOf);
    for (const p of problems) {
      expect(JSON.stringify(p)).not.toContain('k-file-3');
      expect(JSON.stringify(p)).not.toContain('k-env-3');
    }
  });
});

describe('resolveApiKeys', () => {
  it("gives each tenant its own key, and the connector's default to tenants without one", () => {
    const env = { DEFAULT_KEY: 'k-default', OWN_KEY: 'k-own' };
    const keys = resolveApiKeys({ apiKeyEnv: 'DEFAULT_KEY' }, [
      tenant('L01000001', { apiKeyEnv: 'OWN_KEY' }),
      tenant('L01000002'),
      tenant('L01000003', { apiKeyFile: keyFile('own.apikey', 'k-own-file\n') }),
    ], env);
    expect(Object.fromEntries(keys)).toEqual({ L01000001: 'k-own', L01000002: 'k-default', L01000003: 'k-own-file' });
  });

  it('reads the default from a file as well', () => {
    const keys = resolveApiKeys({ apiKeyFile: keyFile('default.apikey', 'k-default-file\n') }, [tenant('L01000001')], {});
    expect(keys.get('L01000001')).toBe('k-default-file');
  });

  it('leaves out a tenant without a key when there is no default, without refusing', () => {
    const keys = resolveApiKeys({}, [tenant('L01000001'), tenant('L01000002', { apiKeyEnv: 'OWN_KEY' })], { OWN_KEY: 'k-own' });
    expect(keys.has('L01000001')).toBe(false);
    expect(keys.get('L01000002')).toBe('k-own');
  });

  it("throws CONFIG_INVALID, not retryable, naming a tenant's unreadable reference", () => {
    const err = refusalOf(() => resolveApiKeys({}, [tenant('L01000001', { apiKeyEnv: 'MISSING_KEY' })], {}));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.retryable).toBe(false);
    expect(err.problems.map((p) => p.pointer)).toEqual(['/tenants/0/notifica/apiKeyEnv']);
    expect(err.problems[0].message).toContain('MISSING_KEY');
  });

  it('names every unreadable reference at once, the default once however many tenants rely on it', () => {
    const err = refusalOf(() => resolveApiKeys({ apiKeyEnv: 'DEFAULT_KEY' }, [
      tenant('L01000001'),
      tenant('L01000002', { apiKeyEnv: 'OWN_KEY' }),
      tenant('L01000003'),
      tenant('L01000004', { apiKeyFile: path.join(dir, 'absent') }),
    ], {}));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems.map((p) => p.pointer)).toEqual([
      '/connectors/notifica/apiKeyEnv', '/tenants/1/notifica/apiKeyEnv', '/tenants/3/notifica/apiKeyFile',
    ]);
  });

  it('refuses a configured default it cannot read even when every tenant has its own key', () => {
    expect(codeOfSync(() => resolveApiKeys({ apiKeyEnv: 'DEFAULT_KEY' }, [tenant('L01000001', { apiKeyEnv: 'OWN_KEY' })], { OWN_KEY: 'k-own' }))).toBe('CONFIG_INVALID');
  });

  it('refuses a tenant reference that sets both a variable and a file', () => {
    const err = refusalOf(() => resolveApiKeys({}, [tenant('L01000001', { apiKeyEnv: 'OWN_KEY', apiKeyFile: keyFile('k', 'k-file') })], { OWN_KEY: 'k-own' }));
    expect(err.problems.map((p) => p.pointer)).toEqual(['/tenants/0/notifica']);
  });

  it("never puts any tenant's key into the error", () => {
    const err = refusalOf(() => resolveApiKeys({ apiKeyEnv: 'DEFAULT_KEY' }, [
      tenant('L01000001', { apiKeyEnv: 'OWN_KEY' }),
      tenant('L01000002', { apiKeyFile: keyFile('good.apikey', 'k-good-file') }),
      tenant('L01000003', { apiKeyEnv: 'MISSING_KEY' }),
    ], { DEFAULT_KEY: 'k-good-default', OWN_KEY: 'k-good-own' }));
    const everything = JSON.stringify({ message: err.message, problems: err.problems, details: err.details });
    for (const secret of ['k-good-default', 'k-good-own', 'k-good-file']) expect(everything).not.toContain(secret);
  });
});

describe('ensureDevApiKey', () => {
  it('creates the key file with a random key, and the folders it lies in', () => {
    const file = path.join(dir, 'data', 'keys', 'notifica-dev.apikey');
    expect(ensureDevApiKey(file)).toBe(file);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{48}\n$/);
  });

  it('makes the key file readable by its owner only', () => {
    const file = path.join(dir, 'dev.apikey');
    ensureDevApiKey(file);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('creates a different key for each file', () => {
    const a = readFileSync(ensureDevApiKey(path.join(dir, 'a.apikey')), 'utf8');
    const b = readFileSync(ensureDevApiKey(path.join(dir, 'b.apikey')), 'utf8');
    expect(a).not.toBe(b);
  });

  it('keeps an existing key file as it is', () => {
    const file = keyFile('existing.apikey', 'k-kept\n');
    chmodSync(file, 0o640);
    expect(ensureDevApiKey(file)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('k-kept\n');
  });

  it('gives a key readSecretRef reads back', () => {
    const file = ensureDevApiKey(path.join(dir, 'dev.apikey'));
    expect(readSecretRef({ apiKeyFile: file }, '/p', {})).toBe(readFileSync(file, 'utf8').trim());
  });

  it('keeps the key file another process linked into place first, and leaves no temporary file', () => {
    const file = path.join(dir, 'keys', 'dev.apikey');
    mkdirSync(path.dirname(file));
    writeFileSync(file, 'k-other-process\n');
    expect(ensureDevApiKey(file)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('k-other-process\n');
    expect(readdirSync(path.dirname(file))).toEqual(['dev.apikey']);
  });
});
