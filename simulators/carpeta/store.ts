import type { ExpedienteChange, ExpedienteState } from './change';

/**
 * What Carpeta holds under push: per expediente the latest change by `sequence`, and per
 * citizen document the expedientes whose latest change names it. Nothing is kept of changes
 * that were not applied (duplicates, stale sequences).
 */

/** One applied change, in the order applied. */
export interface HistoryItem {
  sequence: number;
  state: ExpedienteState;
  phase?: string;
  changedAt: string;
  /** The event id that carried it. */
  deliveryId: string;
}

/** One expediente as the simulator holds it (`GET /_sim/expedientes/:id`). */
export interface ExpedienteView {
  expediente: string;
  /** The latest applied change, as pushed. */
  current: ExpedienteChange;
  history: HistoryItem[];
}

/** What storing a change did. */
export type Applied = 'applied' | 'stale';

export interface ExpedienteStore {
  /** Apply `change` unless the expediente already holds an equal or higher sequence. */
  put(change: ExpedienteChange): Applied;
  get(expediente: string): ExpedienteView | undefined;
  /** The expedientes whose latest change names this document number, in the order first pushed. */
  byCitizen(documentNumber: string): ExpedienteView[];
  size(): number;
  reset(): void;
}

interface Held {
  current: ExpedienteChange;
  history: HistoryItem[];
}

const documentsOf = (c: ExpedienteChange): Set<string> => new Set(c.interested.map((i) => i.documentNumber));

const viewOf = (expediente: string, h: Held): ExpedienteView => structuredClone({ expediente, current: h.current, history: h.history });

export function createExpedienteStore(): ExpedienteStore {
  // Map keeps insertion order: the order expedientes were first pushed.
  let held = new Map<string, Held>();
  let citizens = new Map<string, Set<string>>();

  function link(expediente: string, before: Set<string>, after: Set<string>): void {
    for (const doc of before) if (!after.has(doc)) citizens.get(doc)?.delete(expediente);
    for (const doc of after) {
      if (!citizens.has(doc)) citizens.set(doc, new Set());
      citizens.get(doc)?.add(expediente);
    }
  }

  return {
    put(change) {
      const previous = held.get(change.expediente);
      if (previous !== undefined && change.sequence <= previous.current.sequence) return 'stale';
      const item: HistoryItem = { sequence: change.sequence, state: change.state, ...(change.phase === undefined ? {} : { phase: change.phase }), changedAt: change.dates.changedAt, deliveryId: change.id };
      held.set(change.expediente, { current: structuredClone(change), history: [...(previous?.history ?? []), item] });
      link(change.expediente, previous === undefined ? new Set() : documentsOf(previous.current), documentsOf(change));
      return 'applied';
    },
    get(expediente) {
      const h = held.get(expediente);
      return h === undefined ? undefined : viewOf(expediente, h);
    },
    byCitizen(documentNumber) {
      const ids = citizens.get(documentNumber) ?? new Set<string>();
      return [...held.entries()].filter(([id]) => ids.has(id)).map(([id, h]) => viewOf(id, h));
    },
    size: () => held.size,
    reset() {
      held = new Map();
      citizens = new Map();
    },
  };
}
