import { faultsFromEnvVars } from '../env-faults';
import { checkFaults, type CarpetaFaults } from './faults';

/** The environment variables that set the Carpeta simulator's faults at start, by field. */
export const CARPETA_FAULT_ENV_VARS: Readonly<Record<keyof CarpetaFaults, string>> = {
  errorRate: 'PASARELA_SIM_CARPETA_ERROR_RATE',
  fatalRate: 'PASARELA_SIM_CARPETA_FATAL_RATE',
  timeoutRate: 'PASARELA_SIM_CARPETA_TIMEOUT_RATE',
  resetRate: 'PASARELA_SIM_CARPETA_RESET_RATE',
  latencyMs: 'PASARELA_SIM_CARPETA_LATENCY_MS',
  down: 'PASARELA_SIM_CARPETA_DOWN',
  downForMs: 'PASARELA_SIM_CARPETA_DOWN_FOR_MS',
};

/**
 * The faults the environment asks for (no variable set: no faults): `PASARELA_SIM_CARPETA_LATENCY_MS`
 * is `min,max` (or one number), `PASARELA_SIM_CARPETA_DOWN` takes `true` or `false`; empty
 * variables count as unset. Throws `CONFIG_INVALID` naming the variable at fault.
 */
export function carpetaFaultsFromEnv(env: NodeJS.ProcessEnv): CarpetaFaults {
  return faultsFromEnvVars<CarpetaFaults>(env, { vars: CARPETA_FAULT_ENV_VARS, check: checkFaults, booleans: new Set(['down']), prefix: 'PASARELA_SIM_CARPETA', component: 'carpeta-simulator' });
}
