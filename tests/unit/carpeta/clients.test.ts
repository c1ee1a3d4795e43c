import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pullClientOf, resolvePullClients, type PullClient } from '../../../src/carpeta/clients';
import type { Config } from '../../../src/config/types';
import { isPasarelaError, type PasarelaError } from '../../../src/core/errors';
import { codeOfSync } from '../../helpers/errors';

type PullClientsConfig = NonNullable<NonNullable<NonNullable<Config['carpeta']>['pull']>['clients']>;

const configWith = (clients: PullClientsConfig | undefined): Config => ({ carpeta: clients && { pull: { clients } } }) as unknown as Config;

/** Variables set by this file only, removed after each test. */
const ENV = `PASARELA_UNIT_CARPETA_PULL_${process.pid}`;
const ENV_2 = `${ENV}_SECOND`;

function thrown(fn: () => unknown): PasarelaError {
  try {
    fn();
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a throw');
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pasarela-carpeta-clients-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env[ENV];
  delete process.env[ENV_2];
});

describe('resolving the pull API clients', () => {
  it('has no clients when none are configured', () => {
    expect(resolvePullClients(configWith(undefined))).toEqual([]);
    expect(resolvePullClients(configWith([]))).toEqual([]);
  });

  it('reads a token from the environment variable the configuration names, keeping only its digest', () => {
    process.env[ENV] = '  carpeta-token-1\n';
    const [client] = resolvePullClients(configWith([{ name: 'carpeta', tokenEnv: ENV }]));
    expect(client.name).toBe('carpeta');
    expect(client.digest.equals(sha256('carpeta-token-1'))).toBe(true);
    expect(JSON.stringify(client)).not.toContain('carpeta-token-1');
  });

  it('reads a token from the file the configuration names', () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, 'file-token-2\n');
    const [client] = resolvePullClients(configWith([{ name: 'portal', tokenFile: file }]));
    expect(client).toMatchObject({ name: 'portal' });
    expect(client.digest.equals(sha256('file-token-2'))).toBe(true);
  });

  it('resolves every client, in the configured order', () => {
    process.env[ENV] = 'first';
    process.env[ENV_2] = 'second';
    const clients = resolvePullClients(configWith([{ name: 'a', tokenEnv: ENV }, { name: 'b', tokenEnv: ENV_2 }]));
    expect(clients.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('refuses a variable that is not set (CONFIG_INVALID at the client\'s tokenEnv)', () => {
    const err = thrown(() => resolvePullClients(configWith([{ name: 'carpeta', tokenEnv: ENV }])));
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
    expect(err.problems.map((p) => p.pointer)).toEqual(['/carpeta/pull/clients/0/tokenEnv']);
  });

  it('refuses a variable that holds only blanks', () => {
    process.env[ENV] = '   ';
    expect(codeOfSync(() => resolvePullClients(configWith([{ name: 'carpeta', tokenEnv: ENV }])))).toBe('CONFIG_INVALID');
  });

  it('refuses a missing or empty file (CONFIG_INVALID at the client\'s tokenFile)', () => {
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n');
    const err = thrown(() => resolvePullClients(configWith([{ name: 'a', tokenFile: path.join(dir, 'missing') }, { name: 'b', tokenFile: empty }])));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems.map((p) => p.pointer)).toEqual(['/carpeta/pull/clients/0/tokenFile', '/carpeta/pull/clients/1/tokenFile']);
  });

  it.each([
    ['neither a variable nor a file', {}],
    ['both a variable and a file', { tokenEnv: ENV, tokenFile: 'x' }],
  ])('refuses a client with %s', (_why, ref) => {
    process.env[ENV] = 'set';
    const err = thrown(() => resolvePullClients(configWith([{ name: 'carpeta', ...ref }])));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems.map((p) => p.pointer)).toEqual(['/carpeta/pull/clients/0']);
  });

  it('names the problem without the token of any client', () => {
    process.env[ENV] = 'visible-secret-token';
    const err = thrown(() => resolvePullClients(configWith([{ name: 'ok', tokenEnv: ENV }, { name: 'broken', tokenEnv: ENV_2 }])));
    expect(err.problems.map((p) => p.pointer)).toEqual(['/carpeta/pull/clients/1/tokenEnv']);
    expect(JSON.stringify({ message: err.message, problems: err.problems })).not.toContain('visible-secret-token');
  });
});

describe('finding the client of a request', () => {
  const clients: PullClient[] = [
    { name: 'carpeta', digest: sha256('token-of-carpeta') },
    { name: 'portal', digest: sha256('token-of-portal') },
  ];

  it('finds the client whose token the Bearer header carries', () => {
    expect(pullClientOf(clients, 'Bearer token-of-carpeta')?.name).toBe('carpeta');
    expect(pullClientOf(clients, 'Bearer token-of-portal')?.name).toBe('portal');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a wrong token', 'Bearer token-of-nobody'],
    ['a token with a prefix of a good one', 'Bearer token-of-carpet'],
    ['another scheme', 'Basic dG9rZW4tb2YtY2FycGV0YQ=='],
    ['the scheme alone', 'Bearer '],
    ['the token alone', 'token-of-carpeta'],
    ['two tokens', 'Bearer token-of-carpeta token-of-portal'],
    ['a token over 512 characters', `Bearer ${'x'.repeat(513)}`],
    ['a control character in the token', 'Bearer token-of-carpeta\u0007'],
  ])('finds none for %s', (_why, header) => {
    expect(pullClientOf(clients, header)).toBeUndefined();
  });

  it('takes a token of up to 512 characters', () => {
    const long = 'y'.repeat(512);
    expect(pullClientOf([{ name: 'long', digest: sha256(long) }], `Bearer ${long}`)?.name).toBe('long');
  });

  it('finds none when no client is configured', () => {
    expect(pullClientOf([], 'Bearer token-of-carpeta')).toBeUndefined();
  });

  it('takes the Bearer scheme in any case, as the tenant API does (RFC 9110 §11.1)', () => {
    expect(pullClientOf(clients, 'bearer token-of-carpeta')?.name).toBe('carpeta');
    expect(pullClientOf(clients, 'BEARER token-of-portal')?.name).toBe('portal');
  });
});
