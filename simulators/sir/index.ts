export { startSirSimulator, SIR6_PATH, type SirSimulator, type SirSimulatorOptions } from './server';
export type { CallbackOptions, CallbackRecord } from './callbacks';
export { scenarioOf, type Scenario } from './callback-messages';
export { checkFaults, noFaults, type Faults } from './faults';
export { faultsFromEnv, FAULT_ENV_VARS } from './faults-env';
export type { ExchangeRecord, FaultCounts, SirStats } from './stats';
export { SIR7_PATH, type ControlRecord } from './ws-sir7';
