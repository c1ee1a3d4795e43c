/**
 * The Carpeta Ciudadana projection (issue 9): the current state of each expediente, who may see
 * it, and its history. Implemented by ./kysely-expedientes.ts, reached as `journal.expedientes`.
 * An update and the hop recording its outcome on the message are one transaction.
 */

export interface ExpedienteParty {
  /** SHA-256 hex of the identity document number (upper case, no separators). */
  documentKey: string;
  role: string;
}

/** One update as the projection takes it, from an expediente-status message. */
export interface ExpedienteUpdate {
  messageId: string;
  tenant: string;
  expediente: string;
  managingUnit: string;
  procedure: { code: string; name: string };
  title: string;
  state: string;
  phase: string | null;
  pendingAction: { description: string; dueOn?: string } | null;
  startedAt: string;
  changedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  officeUrl: string;
  sequence: number;
  parties: ExpedienteParty[];
}

export type ExpedienteRow = Omit<ExpedienteUpdate, 'parties' | 'messageId'> & { messageId: string; createdAt: string; updatedAt: string };

export interface ExpedienteHistoryRow {
  sequence: number;
  state: string;
  phase: string | null;
  changedAt: string;
  messageId: string;
  outcome: 'applied' | 'stale' | 'duplicate';
  recordedAt: string;
}

export type ProjectOutcome =
  /** The update is the newest: it is the expediente's state now. */
  | { kind: 'applied'; previous: { state: string; sequence: number } | null }
  /** Older than the stored state (out of order): history only. */
  | { kind: 'stale'; current: { state: string; sequence: number } }
  /** The stored sequence again; `sameMessage` when it is this very message again (a redelivery). */
  | { kind: 'duplicate'; sameMessage: boolean }
  /** The expediente belongs to another tenant: nothing written. */
  | { kind: 'foreign' };

export interface CitizenQuery {
  /** Only open (not resolved or closed) or only finished ones; both when absent. */
  open?: boolean;
  offset: number;
  limit: number;
}

export interface ExpedienteStore {
  project(u: ExpedienteUpdate): Promise<ProjectOutcome>;
  /** The expedientes a document is an interested party of, most recently changed first. */
  forCitizen(documentKey: string, q: CitizenQuery): Promise<{ items: ExpedienteRow[]; total: number }>;
  get(expediente: string): Promise<ExpedienteRow | undefined>;
  /** Every update, in arrival order (uuidv7 ids: across processes, to the millisecond). */
  history(expediente: string): Promise<ExpedienteHistoryRow[]>;
  isParty(expediente: string, documentKey: string): Promise<boolean>;
  /**
   * One expediente and its history, read as one snapshot, when the document is one of its
   * interested parties; undefined otherwise (not a party looks exactly like no such expediente).
   */
  detailFor(expediente: string, documentKey: string): Promise<{ row: ExpedienteRow; history: ExpedienteHistoryRow[] } | undefined>;
}

/** States after which the citizen has nothing open (Carpeta's `cerrado`). */
export const FINISHED_STATES: readonly string[] = ['resolved', 'closed'];
