import { faultsFromEnvVars } from '../env-faults';
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

/**
 * The faults the environment asks for (no variable set: no faults): `PASARELA_SIM_SIR_LATENCY_MS` is
 * `min,max` (or one number), `down` takes `true` or `false`; empty variables count as unset.
 * Throws `CONFIG_INVALID` naming the variable at fault.
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv): Faults {
  return faultsFromEnvVars<Faults>(env, { vars: FAULT_ENV_VARS, check: checkFaults, booleans: new Set(['down']), prefix: 'PASARELA_SIM_SIR', component: 'sir-simulator' });
}
