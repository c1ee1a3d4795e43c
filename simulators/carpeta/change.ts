/**
 * One expediente change as pasarela pushes it to `POST /carpeta/v1/expedientes`: pasarela's own
 * documented contract (simulators/README.md, Carpeta), not an official one; no public
 * specification of the State's "Mis expedientes" integration exists (reference/notifica-carpeta.md §3).
 */

export const EXPEDIENTE_STATES = ['started', 'in-progress', 'pending-citizen-action', 'resolved', 'closed'] as const;
export type ExpedienteState = (typeof EXPEDIENTE_STATES)[number];

/** The documents a party is named by: those with a check character (a passport has no rule to validate). */
export const DOCUMENT_TYPES = ['NIF', 'NIE', 'CIF'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const INTERESTED_ROLES = ['holder', 'representative'] as const;
export type InterestedRole = (typeof INTERESTED_ROLES)[number];

export interface Interested {
  documentType: DocumentType;
  documentNumber: string;
  role: InterestedRole;
}

export interface ExpedienteChange {
  /** The event id (UUID): the same on every retry; equals the `Pasarela-Delivery` header. */
  id: string;
  /** ENI identifier, `ES_<DIR3>_<yyyy>_EXP_<id>`. */
  expediente: string;
  /** The tenant's DIR3 code. */
  tenant: string;
  /** DIR3 code of the unit handling the expediente. */
  managingUnit: string;
  /** The SIA procedure. */
  procedure: { code: string; name: string };
  title: string;
  state: ExpedienteState;
  /** Free text of the source system ("Informe técnico", …); pasarela leaves it out when the source sends none. */
  phase?: string;
  /** What the citizen must do, and by when (YYYY-MM-DD). */
  pendingAction?: { description: string; dueOn?: string };
  /** RFC 3339 date-times. */
  dates: { startedAt: string; changedAt: string; resolvedAt?: string; closedAt?: string };
  /** The expediente in the municipality's electronic office (https). */
  officeUrl: string;
  /** The source system's order of changes: a change never overwrites one with a higher or equal sequence. */
  sequence: number;
  interested: Interested[];
}
