import { Errors, PasarelaError } from '../src/core/errors';

/**
 * Fault sets from environment variables, shared by the simulators (`PASARELA_SIM_SIR_*`,
 * `PASARELA_SIM_NOTIFICA_*`): each variable's text becomes the JSON-like value the simulator's
 * own `checkFaults` expects, and that check decides. `latencyMs` is `min,max` (or one number),
 * booleans are `true` or `false`, empty variables count as unset.
 */
export interface EnvFaultsSpec<F> {
  vars: Readonly<Record<keyof F & string, string>>;
  check(input: unknown): { ok: true; faults: F } | { ok: false; detail: string };
  /** Fields that take true/false. */
  booleans: ReadonlySet<string>;
  /** `PASARELA_SIM_SIR`: named in the message about the whole set. */
  prefix: string;
  /** The `component` detail of the error. */
  component: string;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;

/** Text to the value the check expects; what does not parse stays a string, and fails there. */
function parseValue(field: string, text: string, booleans: ReadonlySet<string>): unknown {
  if (booleans.has(field)) return text === 'true' ? true : text === 'false' ? false : text;
  if (field === 'latencyMs') {
    const parts = text.split(',').map((p) => p.trim());
    if (parts.length === 1) parts.push(parts[0]);
    return parts.map((p) => (INTEGER.test(p) ? Number(p) : p));
  }
  const pattern = field === 'downForMs' ? INTEGER : DECIMAL;
  return pattern.test(text) ? Number(text) : text;
}

/** The faults the environment asks for (no variable set: no faults). Throws CONFIG_INVALID naming the variable at fault. */
export function faultsFromEnvVars<F>(env: NodeJS.ProcessEnv, spec: EnvFaultsSpec<F>): F {
  const invalid = (message: string) => new PasarelaError(Errors.CONFIG_INVALID, message, { details: { component: spec.component } });
  const raw: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(spec.vars) as [string, string][]) {
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    raw[field] = parseValue(field, text, spec.booleans);
    const alone = spec.check({ [field]: raw[field] });
    if (!alone.ok) throw invalid(`${name}='${text.slice(0, 40)}' is not valid: ${alone.detail}`);
  }
  const all = spec.check(raw);
  if (!all.ok) throw invalid(`The simulator faults in ${spec.prefix}_* are not valid: ${all.detail}`);
  return all.faults;
}
