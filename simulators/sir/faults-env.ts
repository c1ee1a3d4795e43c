import { Errors, PasarelaError } from '../../src/core/errors';
import { checkFaults, type Faults } from './faults';

/** The environment variables that set the simulator's faults at start, by field. */
export const FAULT_ENV_VARS: Readonly<Record<keyof Faults, string>> = {
  errorRate: 'PASARELA_SIM_SIR_ERROR_RATE',
  fatalRate: 'PASARELA_SIM_SIR_FATAL_RATE',
  timeoutRate: 'PASARELA_SIM_SIR_TIMEOUT_RATE',
  resetRate: 'PASARELA_SIM_SIR_RESET_RATE',
  latencyMs: 'PASARELA_SIM_SIR_LATENCY_MS',
  down: 'PASARELA_SIM_SIR_DOWN',
  downForMs: 'PASARELA_SIM_SIR_DOWN_FOR_MS',
};

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;

function invalid(message: string): PasarelaError {
  return new PasarelaError(Errors.CONFIG_INVALID, message, { details: { component: 'sir-simulator' } });
}

/** Text to the JSON-like value `checkFaults` expects; the strings that do not parse stay strings, and fail there. */
function parseValue(field: keyof Faults, text: string): unknown {
  if (field === 'down') return text === 'true' ? true : text === 'false' ? false : text;
  if (field === 'latencyMs') {
    const parts = text.split(',').map((p) => p.trim());
    if (parts.length === 1) parts.push(parts[0]);
    return parts.map((p) => (INTEGER.test(p) ? Number(p) : p));
  }
  const pattern = field === 'downForMs' ? INTEGER : DECIMAL;
  return pattern.test(text) ? Number(text) : text;
}

/**
 * The faults the environment asks for (no variable set: no faults). `PASARELA_SIM_SIR_LATENCY_MS`
 * is `min,max` (or one number for a fixed delay); `PASARELA_SIM_SIR_DOWN` is `true` or `false`.
 * Empty variables count as unset. Throws `CONFIG_INVALID` naming the variable at fault.
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv): Faults {
  const raw: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(FAULT_ENV_VARS) as [keyof Faults, string][]) {
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    raw[field] = parseValue(field, text);
    const alone = checkFaults({ [field]: raw[field] });
    if (!alone.ok) throw invalid(`${name}='${text.slice(0, 40)}' is not valid: ${alone.detail}`);
  }
  const all = checkFaults(raw);
  if (!all.ok) throw invalid(`The simulator faults in PASARELA_SIM_SIR_* are not valid: ${all.detail}`);
  return all.faults;
}
