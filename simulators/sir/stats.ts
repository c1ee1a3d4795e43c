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

/**
 * Counts over the ficheros the simulator accepted. An ENVÍO is keyed by its
 * `Identificador_Intercambio`; a REENVÍO or RECHAZO (same exchange id, a later hop) by exchange
 * id, `Tipo_Anotacion` and sending office, so it never counts as a duplicate of the ENVÍO.
 */
export interface SirStats {
  /** Ficheros accepted (answered `00`, or taken under a simulated timeout). */
  received: number;
  /** Distinct keys among them. */
  unique: number;
  /** `received - unique`: re-sends SIR would see twice. */
  duplicates: number;
  faults: FaultCounts;
}

/** One distinct ENVÍO (or hop) the simulator accepted. */
export interface ExchangeRecord {
  exchangeId: string;
  /** `Numero_Registro_Entrada` of the first fichero with this id: one entry sent under two ids shows as two records sharing it. */
  registryNumber?: string;
  /** A REENVÍO (`03`) or RECHAZO (`04`) only: its `Tipo_Anotacion`. */
  annotationType?: string;
  /** A REENVÍO or RECHAZO only: its `Codigo_Entidad_Registral_Origen`. */
  origin?: string;
  /** How many times it was accepted. */
  count: number;
}

/** What tells a REENVÍO or RECHAZO apart from the ENVÍO of the same exchange. */
export interface HopKey {
  annotationType: string;
  origin: string;
}

export interface ExchangeLedger {
  /** Record one accepted fichero (`hop` for a REENVÍO or RECHAZO); true when it is new, false for a duplicate. */
  record(exchangeId: string, registryNumber?: string, hop?: HopKey): boolean;
  countFault(kind: FaultCounter): void;
  stats(): SirStats;
  /** Accepted exchange ids in arrival order, duplicates (and hops) included. */
  received(): string[];
  /** Distinct accepted ENVÍOs and hops, in order of first arrival. */
  exchanges(): ExchangeRecord[];
  /** Forget every fichero and fault count. */
  reset(): void;
}

const zeroFaults = (): FaultCounts => ({ errors: 0, fatals: 0, timeouts: 0, resets: 0 });

export function createExchangeLedger(): ExchangeLedger {
  let order: string[] = [];
  let byKey = new Map<string, ExchangeRecord>();
  let faults = zeroFaults();
  return {
    record(exchangeId, registryNumber, hop) {
      order.push(exchangeId);
      const key = hop === undefined ? exchangeId : JSON.stringify([exchangeId, hop.annotationType, hop.origin]);
      const known = byKey.get(key);
      if (known) {
        known.count++;
        return false;
      }
      byKey.set(key, { exchangeId, ...(registryNumber === undefined ? {} : { registryNumber }), ...hop, count: 1 });
      return true;
    },
    countFault(kind) {
      faults[kind]++;
    },
    stats() {
      return { received: order.length, unique: byKey.size, duplicates: order.length - byKey.size, faults: { ...faults } };
    },
    received() {
      return [...order];
    },
    exchanges() {
      return [...byKey.values()].map((r) => ({ ...r }));
    },
    reset() {
      order = [];
      byKey = new Map();
      faults = zeroFaults();
    },
  };
}
