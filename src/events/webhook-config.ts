import { readFileSync } from 'node:fs';
import type { TenantConfig, TenantWebhookConfig } from '../config/types';
import { Errors, PasarelaError, type FieldProblem } from '../core/errors';
import { resolveProjectFile } from '../core/paths';

/** Shortest HMAC secret accepted, in characters: a guessable secret makes the signature worthless. */
export const MIN_SECRET_LENGTH = 16;

type Env = Record<string, string | undefined>;

function invalid(problems: FieldProblem[]): PasarelaError {
  return new PasarelaError(Errors.CONFIG_INVALID, 'Invalid configuration:\n  ' + problems.map((p) => `${p.pointer}: ${p.message}`).join('\n  '), {
    problems,
  });
}

function problem(index: number, field: string, message: string): FieldProblem {
  return { pointer: `/tenants/${index}/webhook${field}`, code: 'CONFIG_INVALID', message };
}

/**
 * Start-up check of every tenant's `webhook` block beyond what the JSON Schema can say: an
 * http(s) URL and exactly one of `secretEnv` / `secretFile`. Throws CONFIG_INVALID naming each
 * offending tenant; reads no secret (an intake-only process need not hold them).
 */
export function assertWebhookConfigs(tenants: readonly TenantConfig[]): void {
  const problems: FieldProblem[] = [];
  tenants.forEach((t, i) => {
    const w = t.webhook;
    if (!w) return;
    const url = URL.canParse(w.url) ? new URL(w.url) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) problems.push(problem(i, '/url', `tenant ${t.code}: the webhook url must be an http or https URL`));
    if ((w.secretEnv === undefined) === (w.secretFile === undefined)) {
      problems.push(problem(i, '', `tenant ${t.code}: set exactly one of secretEnv and secretFile`));
    }
  });
  if (problems.length) throw invalid(problems);
}

/** Does this webhook want `event`? All events when its `events` list is absent. */
export function wantsEvent(webhook: TenantWebhookConfig | undefined, event: string): boolean {
  return webhook !== undefined && (webhook.events === undefined || webhook.events.includes(event));
}

/**
 * The HMAC secret of every tenant's webhook, by tenant code, read from its environment variable
 * or its file (one line; a trailing newline is dropped; a relative path is taken from the working
 * directory). Throws CONFIG_INVALID, naming every tenant whose secret is missing, unreadable or
 * shorter than MIN_SECRET_LENGTH, and the variable or file, never the value.
 */
export function resolveWebhookSecrets(tenants: readonly TenantConfig[], env: Env = process.env): Map<string, string> {
  assertWebhookConfigs(tenants);
  const secrets = new Map<string, string>();
  const problems: FieldProblem[] = [];
  tenants.forEach((t, i) => {
    if (!t.webhook) return;
    const read = readSecret(t.webhook, env);
    if (typeof read === 'string') secrets.set(t.code, read);
    else problems.push(problem(i, read.field, `tenant ${t.code}: ${read.message}`));
  });
  if (problems.length) throw invalid(problems);
  return secrets;
}

function readSecret(w: TenantWebhookConfig, env: Env): string | { field: string; message: string } {
  let secret: string;
  if (w.secretEnv !== undefined) {
    secret = env[w.secretEnv] ?? '';
    if (secret === '') return { field: '/secretEnv', message: `the environment variable ${w.secretEnv} (webhook secret) is not set` };
  } else {
    try {
      secret = readFileSync(resolveProjectFile(w.secretFile!), 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      return { field: '/secretFile', message: `the webhook secret file ${w.secretFile} cannot be read (${typeof code === 'string' ? code : 'error'})` };
    }
  }
  const field = w.secretEnv !== undefined ? '/secretEnv' : '/secretFile';
  if (secret.length < MIN_SECRET_LENGTH) return { field, message: `the webhook secret must be at least ${MIN_SECRET_LENGTH} characters long` };
  return secret;
}
