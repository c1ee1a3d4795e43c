/** Counts over the ficheros the simulator accepted, keyed by `Identificador_Intercambio`. */
export interface SirStats {
  /** Ficheros accepted (answered `00`). */
  received: number;
  /** Distinct exchange ids among them. */
  unique: number;
  /** `received - unique`: re-sends SIR would see twice. */
  duplicates: number;
}

export interface ExchangeLedger {
  record(exchangeId: string): void;
  stats(): SirStats;
  /** Accepted exchange ids in arrival order, duplicates included. */
  received(): string[];
  reset(): void;
}

export function createExchangeLedger(): ExchangeLedger {
  let order: string[] = [];
  let distinct = new Set<string>();
  return {
    record(exchangeId) {
      order.push(exchangeId);
      distinct.add(exchangeId);
    },
    stats() {
      return { received: order.length, unique: distinct.size, duplicates: order.length - distinct.size };
    },
    received() {
      return [...order];
    },
    reset() {
      order = [];
      distinct = new Set();
    },
  };
}
