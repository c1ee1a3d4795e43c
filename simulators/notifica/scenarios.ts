import { checkRange } from './faults';

/**
 * What the simulated recipient does with each envío, picked per envío by the first matching
 * rule (default `read`). Every scenario starts in `pendiente_envio`, the state an envío is
 * created in; each later state comes one step delay after the previous one.
 */
export type ScenarioName = 'read' | 'rejected' | 'expired' | 'postal' | 'silent' | 'stuck';

export const SCENARIOS: readonly ScenarioName[] = ['read', 'rejected', 'expired', 'postal', 'silent', 'stuck'];
export const DEFAULT_SCENARIO: ScenarioName = 'read';

/** Conditions on one envío; every field given must hold (`{}` matches every envío). */
export interface ScenarioMatch {
  /** The titular's NIF, exactly. */
  nif?: string;
  /** A substring of the remesa's concepto, case-insensitive. */
  conceptIncludes?: string;
  /** A prefix of the envío's referenciaEmisor. */
  referenciaPrefix?: string;
}

export interface ScenarioRule {
  match: ScenarioMatch;
  scenario: ScenarioName;
  /** Delay between this envío's state changes, `[min, max]` ms. @defaultValue the simulator's `stepDelayMs` */
  stepDelayMs?: [number, number];
}

/** What a rule is matched against. */
export interface ScenarioFacts {
  nif?: string;
  concepto: string;
  referenciaEmisor?: string;
}

export const MAX_RULES = 100;
const MATCH_FIELDS: ReadonlySet<string> = new Set(['nif', 'conceptIncludes', 'referenciaPrefix']);
const RULE_FIELDS: ReadonlySet<string> = new Set(['match', 'scenario', 'stepDelayMs']);

/**
 * The states an envío of this scenario goes through, the creation state first. A `read`
 * notificación ends `notificada`, a comunicación `leida` (reference §2.8). `stuck` stays in
 * its creation state and, unlike `silent`, never calls back at all (./driver.ts).
 */
export function statesOf(scenario: ScenarioName, tipoEnvio: 1 | 2): string[] {
  switch (scenario) {
    case 'read':
      return ['pendiente_envio', 'enviado_deh', tipoEnvio === 2 ? 'notificada' : 'leida'];
    case 'rejected':
      return ['pendiente_envio', 'enviado_deh', 'rehusada'];
    case 'expired':
      return ['pendiente_envio', 'enviado_deh', 'expirada'];
    case 'postal':
      return ['pendiente_envio', 'pendiente_cie', 'enviado_ci', 'entregado_op', 'notificada'];
    case 'silent':
    case 'stuck':
      return ['pendiente_envio'];
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkMatch(v: unknown, at: string): string | undefined {
  if (!isObject(v)) return `${at}.match must be an object`;
  const unknown = Object.keys(v).find((k) => !MATCH_FIELDS.has(k));
  if (unknown !== undefined) return `${at}.match has an unknown field ${JSON.stringify(unknown.slice(0, 40))}`;
  for (const k of MATCH_FIELDS) {
    const value = v[k];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > 255)) return `${at}.match.${k} must be a string of 1 to 255 characters`;
  }
  return undefined;
}

function checkRule(v: unknown, at: string): ScenarioRule | string {
  if (!isObject(v)) return `${at} must be an object`;
  const unknown = Object.keys(v).find((k) => !RULE_FIELDS.has(k));
  if (unknown !== undefined) return `${at} has an unknown field ${JSON.stringify(unknown.slice(0, 40))}`;
  const matchProblem = checkMatch(v.match, at);
  if (matchProblem !== undefined) return matchProblem;
  if (!SCENARIOS.includes(v.scenario as ScenarioName)) return `${at}.scenario must be one of ${SCENARIOS.join(', ')}`;
  const rule: ScenarioRule = { match: { ...(v.match as ScenarioMatch) }, scenario: v.scenario as ScenarioName };
  if (v.stepDelayMs !== undefined) {
    const range = checkRange(v.stepDelayMs, `${at}.stepDelayMs`);
    if (typeof range === 'string') return range;
    rule.stepDelayMs = range;
  }
  return rule;
}

export type RulesCheck = { ok: true; rules: ScenarioRule[] } | { ok: false; detail: string };

/** Validate untrusted rules (a JSON body's `rules`, a test's list); unknown fields are refused. */
export function checkScenarioRules(input: unknown): RulesCheck {
  if (!Array.isArray(input)) return { ok: false, detail: 'rules must be an array' };
  if (input.length > MAX_RULES) return { ok: false, detail: `at most ${MAX_RULES} rules` };
  const rules: ScenarioRule[] = [];
  for (const [i, v] of input.entries()) {
    const rule = checkRule(v, `rules[${i}]`);
    if (typeof rule === 'string') return { ok: false, detail: rule };
    rules.push(rule);
  }
  return { ok: true, rules };
}

function matches(m: ScenarioMatch, f: ScenarioFacts): boolean {
  if (m.nif !== undefined && f.nif !== m.nif) return false;
  if (m.conceptIncludes !== undefined && !f.concepto.toLowerCase().includes(m.conceptIncludes.toLowerCase())) return false;
  if (m.referenciaPrefix !== undefined && !(f.referenciaEmisor ?? '').startsWith(m.referenciaPrefix)) return false;
  return true;
}

/** The first rule that matches, or the default scenario. */
export function pickScenario(rules: readonly ScenarioRule[], facts: ScenarioFacts): { scenario: ScenarioName; stepDelayMs?: [number, number] } {
  const rule = rules.find((r) => matches(r.match, facts));
  if (rule === undefined) return { scenario: DEFAULT_SCENARIO };
  return rule.stepDelayMs === undefined ? { scenario: rule.scenario } : { scenario: rule.scenario, stepDelayMs: rule.stepDelayMs };
}
