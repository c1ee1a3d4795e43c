import { faultsFromEnvVars } from '../env-faults';
import { checkFaults, type NotificaFaults } from './faults';

/** The environment variables that set the Notific@ simulator's faults at start, by field. */
export const NOTIFICA_FAULT_ENV_VARS: Readonly<Record<keyof NotificaFaults, string>> = {
  errorRate: 'PASARELA_SIM_NOTIFICA_ERROR_RATE',
  fatalRate: 'PASARELA_SIM_NOTIFICA_FATAL_RATE',
  timeoutRate: 'PASARELA_SIM_NOTIFICA_TIMEOUT_RATE',
  resetRate: 'PASARELA_SIM_NOTIFICA_RESET_RATE',
  lostAnswerRate: 'PASARELA_SIM_NOTIFICA_LOST_ANSWER_RATE',
  latencyMs: 'PASARELA_SIM_NOTIFICA_LATENCY_MS',
  down: 'PASARELA_SIM_NOTIFICA_DOWN',
  downForMs: 'PASARELA_SIM_NOTIFICA_DOWN_FOR_MS',
  callbackLossRate: 'PASARELA_SIM_NOTIFICA_CALLBACK_LOSS_RATE',
  callbackDuplicateRate: 'PASARELA_SIM_NOTIFICA_CALLBACK_DUPLICATE_RATE',
  callbackBeforeAnswer: 'PASARELA_SIM_NOTIFICA_CALLBACK_BEFORE_ANSWER',
};

/**
 * The faults the environment asks for (no variable set: no faults): `PASARELA_SIM_NOTIFICA_LATENCY_MS` is
 * `min,max` (or one number), `down`, `callbackBeforeAnswer` take `true` or `false`; empty variables count as unset.
 * Throws `CONFIG_INVALID` naming the variable at fault.
 */
export function notificaFaultsFromEnv(env: NodeJS.ProcessEnv): NotificaFaults {
  return faultsFromEnvVars<NotificaFaults>(env, { vars: NOTIFICA_FAULT_ENV_VARS, check: checkFaults, booleans: new Set(['down', 'callbackBeforeAnswer']), prefix: 'PASARELA_SIM_NOTIFICA', component: 'notifica-simulator' });
}
