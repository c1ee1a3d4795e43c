/**
 * Canonical `expediente-status` v1 payload (the state of one expediente after one change in the
 * municipality's case-management system, for Carpeta Ciudadana), mirroring
 * `schemas/canonical/expediente-status.v1.json`. There is no public specification of the State's
 * "Mis expedientes" integration: this is pasarela's own contract. Field names are English; each
 * schema property's `description` gives the ENI metadato or Spanish term it stands for.
 */

/** The states, in the order an expediente usually goes through them. */
export const EXPEDIENTE_STATES = ['started', 'in-progress', 'pending-citizen-action', 'resolved', 'closed'] as const;
export type ExpedienteState = (typeof EXPEDIENTE_STATES)[number];

/** How each state reads in Spanish, for portals that show the state as text. */
export const EXPEDIENTE_STATE_LABELS: Readonly<Record<ExpedienteState, string>> = {
  started: 'Iniciado',
  'in-progress': 'En tramitación',
  'pending-citizen-action': 'Pendiente de actuación del interesado',
  resolved: 'Resuelto',
  closed: 'Cerrado',
};

export type InterestedDocumentType = 'NIF' | 'NIE' | 'CIF';
export type InterestedRole = 'holder' | 'representative';

/** The role of a party that names none. */
export const DEFAULT_INTERESTED_ROLE: InterestedRole = 'holder';

/** A party whose Carpeta shows the expediente: its identity document only, never its name. */
export interface ExpedienteInterested {
  documentType: InterestedDocumentType;
  /** Upper case, no separators, check character verified for its `documentType`. */
  documentNumber: string;
  /** @defaultValue 'holder' */
  role?: InterestedRole;
}

export interface ExpedienteProcedure {
  /** SIA code, `^[0-9]{1,9}$`. */
  code: string;
  name: string;
}

/** What the citizen must do; present exactly when the state is `pending-citizen-action`. */
export interface PendingAction {
  description: string;
  /** Last day to act, `YYYY-MM-DD` (Europe/Madrid). */
  dueOn?: string;
}

/** RFC 3339 date-times with an offset. */
export interface ExpedienteDates {
  startedAt: string;
  /** When the reported change happened in the source system. */
  changedAt: string;
  /** Required when the state is `resolved`. */
  resolvedAt?: string;
  /** Required when the state is `closed`. */
  closedAt?: string;
}

export interface ExpedienteStatus {
  /** ENI identifier `ES_<DIR3>_<AAAA>_EXP_<id>`; equals the `{id}` of the intake URL. */
  expediente: string;
  /** DIR3 of the unidad tramitadora; one of the tenant's units. */
  managingUnit: string;
  procedure: ExpedienteProcedure;
  /** Denominación of the expediente. */
  title: string;
  /** 1..50, each document once, at least one holder. */
  interested: ExpedienteInterested[];
  state: ExpedienteState;
  /** Free phase text (fase). */
  phase?: string;
  pendingAction?: PendingAction;
  dates: ExpedienteDates;
  /** https link to the expediente in the sede electrónica. */
  officeUrl: string;
  /**
   * Increases with every change of the expediente in the source system (or the change time in
   * epoch ms); the projection applies an update only when it is greater than the stored one.
   */
  sequence: number;
}

/** The parts of an ENI expediente identifier. */
export interface EniExpedienteId {
  /** DIR3 code of the body that opened the expediente (`<Órgano>`). */
  dir3: string;
  /** Year it was opened (`<AAAA>`), 1900..2100. */
  year: number;
  /** The specific id (`<ID_específico>`), 1..30 ASCII letters or digits. */
  local: string;
}

/** `ES_` + 9 + `_` + 4 + `_EXP_` + 30 (NTI de Expediente Electrónico, anexo I). */
export const MAX_ENI_EXPEDIENTE_ID_LENGTH = 52;
export const MIN_ENI_YEAR = 1900;
export const MAX_ENI_YEAR = 2100;

const ENI_EXPEDIENTE_ID_RE = /^ES_([A-Z][A-Z0-9]{8})_([0-9]{4})_EXP_([A-Za-z0-9]{1,30})$/;

/**
 * The parts of `value` when it is an ENI expediente identifier (schema format
 * `eni-expediente-id`), else undefined. Nothing is normalised: lower-case `es_` or a
 * lower-case DIR3 code is not an identifier.
 */
export function parseEniExpedienteId(value: unknown): EniExpedienteId | undefined {
  if (typeof value !== 'string' || value.length > MAX_ENI_EXPEDIENTE_ID_LENGTH) return undefined;
  const m = ENI_EXPEDIENTE_ID_RE.exec(value);
  if (!m) return undefined;
  const year = Number(m[2]);
  if (year < MIN_ENI_YEAR || year > MAX_ENI_YEAR) return undefined;
  return { dir3: m[1], year, local: m[3] };
}

export function isEniExpedienteId(value: unknown): boolean {
  return parseEniExpedienteId(value) !== undefined;
}

/** The role of `party`, `holder` when it names none. */
export function roleOf(party: Pick<ExpedienteInterested, 'role'>): InterestedRole {
  return party.role ?? DEFAULT_INTERESTED_ROLE;
}
