/** Faults injected since the last reset, by kind. */
export interface FaultCounts {
  /** HTTP 500 soap:Server faults and transient `0039` answers. */
  errors: number;
  /** Non-retryable `0037` answers. */
  fatals: number;
  /** Ficheros taken and never answered. */
  timeouts: number;
  /** Connections reset instead of answered. */
  resets: number;
}

export type FaultCounter = keyof FaultCounts;

/** Counts over the ficheros the simulator accepted, keyed by `Identificador_Intercambio`. */
export interface SirStats {
  /** Ficheros accepted (answered `00`, or taken under a simulated timeout). */
  received: number;
  /** Distinct exchange ids among them. */
  unique: number;
  /** `received - unique`: re-sends SIR would see twice. */
  duplicates: number;
  faults: FaultCounts;
}

/** One distinct exchange id the simulator accepted. */
export interface ExchangeRecord {
  exchangeId: string;
  /** `Numero_Registro_Entrada` of the first fichero with this id: one entry sent under two ids shows as two records sharing it. */
  registryNumber?: string;
  /** How many times it was accepted. */
  count: number;
}

export interface ExchangeLedger {
  /** Record one accepted fichero; true when its exchange id is new, false for a duplicate. */
  record(exchangeId: string, registryNumber?: string): boolean;
  countFault(kind: FaultCounter): void;
  stats(): SirStats;
  /** Accepted exchange ids in arrival order, duplicates included. */
  received(): string[];
  /** Distinct accepted exchange ids, in order of first arrival. */
  exchanges(): ExchangeRecord[];
  /** Forget every fichero and fault count. */
  reset(): void;
}

const zeroFaults = (): FaultCounts => ({ errors: 0, fatals: 0, timeouts: 0, resets: 0 });

export function createExchangeLedger(): ExchangeLedger {
  let order: string[] = [];
  let byId = new Map<string, ExchangeRecord>();
  let faults = zeroFaults();
  return {
    record(exchangeId, registryNumber) {
      order.push(exchangeId);
      const known = byId.get(exchangeId);
      if (known) {
        known.count++;
        return false;
      }
      byId.set(exchangeId, registryNumber === undefined ? { exchangeId, count: 1 } : { exchangeId, registryNumber, count: 1 });
      return true;
    },
    countFault(kind) {
      faults[kind]++;
    },
    stats() {
      return { received: order.length, unique: byId.size, duplicates: order.length - byId.size, faults: { ...faults } };
    },
    received() {
      return [...order];
    },
    exchanges() {
      return [...byId.values()].map((r) => ({ ...r }));
    },
    reset() {
      order = [];
      byId = new Map();
      faults = zeroFaults();
    },
  };
}
