import { createHash } from 'node:crypto';

/** The operations the simulator serves, in the order `byOperation` lists them. */
export const OPERATIONS = ['altaRemesaEnvios', 'infoEnvioLigero', 'sincronizarEnvioOE', 'ampliarPlazoOE'] as const;
export type OperationName = (typeof OPERATIONS)[number];

/** State callbacks to pasarela since the last reset. */
export interface CallbackCounts {
  /** HTTP attempts made (retries and duplicates included). */
  sent: number;
  /** Attempts answered `codigoRespuesta` `000`. */
  ok: number;
  /** Attempts that failed: another code, an HTTP error, no answer. */
  failed: number;
  /** Callbacks never sent (`callbackLossRate`). */
  lost: number;
  /** Callbacks sent a second time (`callbackDuplicateRate`). */
  duplicated: number;
  /** Callbacks abandoned after their last retry failed. */
  gaveUp: number;
}

/** Faults injected since the last reset, by kind. */
export interface NotificaFaultCounts {
  errors: number;
  fatals: number;
  timeouts: number;
  resets: number;
  lostAnswers: number;
}

export interface NotificaStats {
  /** Envíos in accepted altaRemesaEnvios requests (answered 000, or taken under a simulated timeout or lost answer). */
  received: number;
  /** Distinct envíos among them, by referenciaEmisor (or, without one, by organismo + titular NIF + document hash). */
  unique: number;
  /** `received - unique`. */
  duplicates: number;
  /** Requests refused for a missing or wrong apiKey. */
  authFailures: number;
  /** altaRemesaEnvios requests refused as invalid (`400`). */
  rejected: number;
  /** Authenticated, readable requests by operation, whatever their answer. */
  byOperation: Record<OperationName, number>;
  callbacks: CallbackCounts;
  faults: NotificaFaultCounts;
}

export type CallbackCounter = keyof CallbackCounts;
export type FaultCounter = keyof NotificaFaultCounts;

export interface StatsLedger {
  /** Count one received envío; true when its key is new. */
  receive(key: string): boolean;
  authFailure(): void;
  rejected(): void;
  operation(op: OperationName): void;
  callback(counter: CallbackCounter): void;
  fault(counter: FaultCounter): void;
  stats(): NotificaStats;
  reset(): void;
}

/** The duplicate key of an envío without referenciaEmisor. */
export function envioKey(referenciaEmisor: string | undefined, organismo: string, nif: string | undefined, documentHash: string): string {
  if (referenciaEmisor !== undefined) return `ref:${referenciaEmisor}`;
  return `sha:${createHash('sha256').update(JSON.stringify([organismo, nif ?? '', documentHash])).digest('hex')}`;
}

const zeroOps = (): Record<OperationName, number> => ({ altaRemesaEnvios: 0, infoEnvioLigero: 0, sincronizarEnvioOE: 0, ampliarPlazoOE: 0 });
const zeroCallbacks = (): CallbackCounts => ({ sent: 0, ok: 0, failed: 0, lost: 0, duplicated: 0, gaveUp: 0 });
const zeroFaults = (): NotificaFaultCounts => ({ errors: 0, fatals: 0, timeouts: 0, resets: 0, lostAnswers: 0 });

export function createStatsLedger(): StatsLedger {
  let received = 0;
  let keys = new Set<string>();
  let authFailures = 0;
  let rejected = 0;
  let byOperation = zeroOps();
  let callbacks = zeroCallbacks();
  let faults = zeroFaults();
  return {
    receive(key) {
      received++;
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    },
    authFailure: () => void authFailures++,
    rejected: () => void rejected++,
    operation: (op) => void byOperation[op]++,
    callback: (counter) => void callbacks[counter]++,
    fault: (counter) => void faults[counter]++,
    stats: () => ({
      received, unique: keys.size, duplicates: received - keys.size, authFailures, rejected,
      byOperation: { ...byOperation }, callbacks: { ...callbacks }, faults: { ...faults },
    }),
    reset() {
      received = 0;
      keys = new Set();
      authFailures = 0;
      rejected = 0;
      byOperation = zeroOps();
      callbacks = zeroCallbacks();
      faults = zeroFaults();
    },
  };
}
