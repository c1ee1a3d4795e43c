import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Errors, PasarelaError } from '../core/errors';
import { projectPath } from '../core/paths';
import { configValidator, describeErrors } from './ajv';
import type { Config } from './types';

type Env = Record<string, string | undefined>;
type Plain = Record<string, unknown>;

/** Environment variables that override one setting each. */
const ENV_OVERRIDES: { env: string; path: string[]; integer?: boolean }[] = [
  { env: 'PASARELA_PORT', path: ['http', 'port'], integer: true },
  { env: 'PASARELA_HOST', path: ['http', 'host'] },
  { env: 'PASARELA_AMQP_URL', path: ['amqp', 'url'] },
  { env: 'PASARELA_DB_URL', path: ['journal', 'url'] },
  { env: 'PASARELA_LOG_LEVEL', path: ['log', 'level'] },
  { env: 'PASARELA_SIR_ENDPOINT', path: ['connectors', 'sir', 'endpoint'] },
];

function invalid(lines: string[]): PasarelaError {
  return new PasarelaError(Errors.CONFIG_INVALID, 'Invalid configuration:\n  ' + lines.join('\n  '), {
    problems: lines.map((l) => ({ pointer: l.split(':')[0], code: 'CONFIG_INVALID', message: l })),
  });
}

function readYaml(file: string): Plain {
  if (!existsSync(file)) throw invalid([`${file}: file not found`]);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (e) {
    throw invalid([`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`]);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw invalid([`${file}: must be a mapping of settings`]);
  return doc as Plain;
}

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of mappings; lists and scalars from `over` replace those in `base`. */
export function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = isPlain(v) && isPlain(out[k]) ? deepMerge(out[k] as Plain, v) : v;
  }
  return out;
}

function applyEnv(doc: Plain, env: Env): string[] {
  const problems: string[] = [];
  for (const o of ENV_OVERRIDES) {
    const raw = env[o.env];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (o.integer) {
      if (!/^\d+$/.test(raw)) {
        problems.push(`${o.env}: must be a whole number`);
        continue;
      }
      value = Number(raw);
    }
    let node = doc;
    for (const key of o.path.slice(0, -1)) {
      if (!isPlain(node[key])) node[key] = {};
      node = node[key] as Plain;
    }
    node[o.path[o.path.length - 1]] = value;
  }
  return problems;
}

export interface LoadOptions {
  env?: Env;
  /** Extra settings merged last (tests, the demo). */
  overrides?: Plain;
}

/**
 * Load config/default.yaml, merge the file named by PASARELA_CONFIG (if any), apply environment
 * overrides, and validate. Throws CONFIG_INVALID naming each bad path.
 */
export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  let doc = readYaml(projectPath('config', 'default.yaml'));
  if (env.PASARELA_CONFIG) doc = deepMerge(doc, readYaml(path.resolve(env.PASARELA_CONFIG)));
  const envProblems = applyEnv(doc, env);
  if (opts.overrides) doc = deepMerge(doc, opts.overrides);
  const validate = configValidator('config.schema.json');
  if (!validate(doc)) throw invalid([...envProblems, ...describeErrors(validate.errors, 'config')]);
  if (envProblems.length) throw invalid(envProblems);
  return checkTenants(doc as unknown as Config);
}

function checkTenants(config: Config): Config {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  config.tenants.forEach((t, i) => {
    if (seen.has(t.code)) problems.push(`config/tenants/${i}/code: tenant ${t.code} is declared twice`);
    seen.set(t.code, t.code);
    for (const office of t.offices) {
      const owner = seen.get('office:' + office);
      if (owner) problems.push(`config/tenants/${i}/offices: office ${office} already belongs to tenant ${owner}`);
      seen.set('office:' + office, t.code);
    }
  });
  if (problems.length) throw invalid(problems);
  return config;
}
