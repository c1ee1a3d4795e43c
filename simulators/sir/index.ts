export { startSirSimulator, SIR6_PATH, type SirSimulator, type SirSimulatorOptions } from './server';
export { checkFichero, type FicheroCheck } from './fichero-check';
export type { SirStats } from './stats';
