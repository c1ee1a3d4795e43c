import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TenantConfig } from '../../../src/config/types';
import { isPasarelaError, type PasarelaError } from '../../../src/core/errors';
import { assertWebhookConfigs, resolveWebhookSecrets, wantsEvent } from '../../../src/events';

const SECRET = 'a-shared-secret-of-32-characters';

function tenant(code: string, webhook?: TenantConfig['webhook']): TenantConfig {
  return { code, name: code, offices: [], webhook };
}

function failure(fn: () => unknown): PasarelaError {
  try {
    fn();
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

describe('webhook configuration at start-up', () => {
  it('accepts a webhook with exactly one secret reference, and tenants without webhook', () => {
    expect(() => assertWebhookConfigs([
      tenant('L01000001'),
      tenant('L01000002', { url: 'https://hooks.example/a', secretEnv: 'HOOK_SECRET' }),
      tenant('L01000003', { url: 'http://127.0.0.1:9000/b', secretFile: '/run/secrets/hook' }),
    ])).not.toThrow();
  });

  it('refuses a webhook with both secretEnv and secretFile, or with neither, naming each tenant', () => {
    const err = failure(() => assertWebhookConfigs([
      tenant('L01000001', { url: 'https://hooks.example/a', secretEnv: 'A', secretFile: '/a' }),
      tenant('L01000002', { url: 'https://hooks.example/b' }),
    ]));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems.map((p) => p.pointer)).toEqual(['/tenants/0/webhook', '/tenants/1/webhook']);
    expect(err.message).toMatch(/L01000001: set exactly one of secretEnv and secretFile/);
    expect(err.message).toMatch(/L01000002/);
  });

  it('refuses a URL that is not http or https', () => {
    const err = failure(() => assertWebhookConfigs([tenant('L01000001', { url: 'ftp://hooks.example/a', secretEnv: 'A' })]));
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', problems: [{ pointer: '/tenants/0/webhook/url' }] });
  });
});

describe('which events a webhook wants', () => {
  it('wants every event when it lists none, only the listed ones otherwise, and none without a webhook', () => {
    expect(wantsEvent({ url: 'https://h/', secretEnv: 'A' }, 'inbox.entry-received')).toBe(true);
    expect(wantsEvent({ url: 'https://h/', secretEnv: 'A', events: ['inbox.entry-received'] }, 'inbox.entry-received')).toBe(true);
    expect(wantsEvent({ url: 'https://h/', secretEnv: 'A', events: ['notification.read'] }, 'inbox.entry-received')).toBe(false);
    expect(wantsEvent({ url: 'https://h/', secretEnv: 'A', events: [] }, 'inbox.entry-received')).toBe(false);
    expect(wantsEvent(undefined, 'inbox.entry-received')).toBe(false);
  });
});

describe('webhook secrets', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-webhook-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a secret from its environment variable, by tenant', () => {
    const secrets = resolveWebhookSecrets([tenant('L01000001'), tenant('L01000002', { url: 'https://h/', secretEnv: 'HOOK_SECRET' })], { HOOK_SECRET: SECRET });
    expect([...secrets]).toEqual([['L01000002', SECRET]]);
  });

  it('reads a secret from its file, without the trailing newline', () => {
    const file = path.join(dir, 'secret');
    writeFileSync(file, `${SECRET}\n`);
    expect(resolveWebhookSecrets([tenant('L01000001', { url: 'https://h/', secretFile: file })], {}).get('L01000001')).toBe(SECRET);
  });

  it('stops start-up with CONFIG_INVALID when the environment variable is missing or empty, naming it', () => {
    const tenants = [tenant('L01000001', { url: 'https://h/', secretEnv: 'HOOK_SECRET' })];
    for (const env of [{}, { HOOK_SECRET: '' }]) {
      const err = failure(() => resolveWebhookSecrets(tenants, env));
      expect(err).toMatchObject({ code: 'CONFIG_INVALID', problems: [{ pointer: '/tenants/0/webhook/secretEnv' }] });
      expect(err.message).toMatch(/L01000001: the environment variable HOOK_SECRET \(webhook secret\) is not set/);
    }
  });

  it('stops start-up when the secret file cannot be read', () => {
    const err = failure(() => resolveWebhookSecrets([tenant('L01000001', { url: 'https://h/', secretFile: path.join(dir, 'missing') })], {}));
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', problems: [{ pointer: '/tenants/0/webhook/secretFile' }] });
    expect(err.message).toMatch(/cannot be read \(ENOENT\)/);
  });

  it('refuses a short secret without ever echoing it', () => {
    const err = failure(() => resolveWebhookSecrets([tenant('L01000001', { url: 'https://h/', secretEnv: 'HOOK_SECRET' })], { HOOK_SECRET: 'hunter2' }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/at least 16 characters/);
    expect(JSON.stringify({ message: err.message, problems: err.problems })).not.toContain('hunter2');
  });

  it('checks the shape first: both references set is refused before any secret is read', () => {
    const err = failure(() => resolveWebhookSecrets([tenant('L01000001', { url: 'https://h/', secretEnv: 'HOOK_SECRET', secretFile: '/x' })], { HOOK_SECRET: SECRET }));
    expect(err.message).toMatch(/exactly one of secretEnv and secretFile/);
  });
});
