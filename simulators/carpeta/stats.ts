/** Faults injected since the last reset, by kind (as SIR's and Notific@'s stats count them). */
export interface CarpetaFaultCounts {
  errors: number;
  fatals: number;
  timeouts: number;
  resets: number;
}

/**
 * What the simulator has seen since the last reset (`GET /_sim/stats`). A push is `received`
 * once it is signed, timely and valid, whatever happens to it next (applied, duplicate, stale,
 * taken under a simulated timeout); refusals and faults that answer before that are not.
 */
export interface CarpetaStats {
  /** Signed, timely, valid pushes taken (answered 200, or held unanswered under a simulated timeout). */
  received: number;
  /** Distinct `Pasarela-Delivery` ids among them. */
  unique: number;
  /** `received - unique`: repeated deliveries, answered 200 and not applied again. */
  duplicates: number;
  /** New deliveries whose `sequence` was not above the one held for their expediente: answered 200, not applied. */
  stale: number;
  /** Pushes refused for their content: 400 and 415 once signed, 413 (too large) before the signature is checked. */
  rejected: number;
  /** Pushes refused with 401: no signature, a wrong one, or a timestamp outside the allowed skew. */
  badSignatures: number;
  /** Expedientes held. */
  expedientes: number;
  /** Calls made to pasarela's pull API through `/_sim/pull/*`, whatever their outcome. */
  pulls: number;
  faults: CarpetaFaultCounts;
}

export type FaultCounter = keyof CarpetaFaultCounts;

export interface StatsLedger {
  /** Count one received push; true when its delivery id is new. */
  receive(deliveryId: string): boolean;
  stale(): void;
  rejected(): void;
  badSignature(): void;
  pull(): void;
  fault(counter: FaultCounter): void;
  /** The stats, with `expedientes` as the store counts them. */
  stats(expedientes: number): CarpetaStats;
  reset(): void;
}

const zeroFaults = (): CarpetaFaultCounts => ({ errors: 0, fatals: 0, timeouts: 0, resets: 0 });

export function createStatsLedger(): StatsLedger {
  let received = 0;
  let deliveries = new Set<string>();
  let counts = { stale: 0, rejected: 0, badSignatures: 0, pulls: 0 };
  let faults = zeroFaults();
  return {
    receive(deliveryId) {
      received++;
      if (deliveries.has(deliveryId)) return false;
      deliveries.add(deliveryId);
      return true;
    },
    stale: () => void counts.stale++,
    rejected: () => void counts.rejected++,
    badSignature: () => void counts.badSignatures++,
    pull: () => void counts.pulls++,
    fault: (counter) => void faults[counter]++,
    stats: (expedientes) => ({
      received, unique: deliveries.size, duplicates: received - deliveries.size, stale: counts.stale, rejected: counts.rejected,
      badSignatures: counts.badSignatures, expedientes, pulls: counts.pulls, faults: { ...faults },
    }),
    reset() {
      received = 0;
      deliveries = new Set();
      counts = { stale: 0, rejected: 0, badSignatures: 0, pulls: 0 };
      faults = zeroFaults();
    },
  };
}
