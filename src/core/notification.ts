/**
 * Canonical `notification` v1 payload (one Notific@ altaRemesaEnvios: one document, one envío per
 * holder), mirroring `schemas/canonical/notification.v1.json`. Field names are English; each
 * schema property's `description` names the Notific@ element it maps to. Code lists use readable
 * values; the Notific@ codes live in `NotificaCodes` below (one place, used by the transform).
 */
export type NotificationKind = 'notification' | 'communication';
export type PartyDocumentType = 'NIF' | 'NIE' | 'CIF';
export type PostalAddressKind = 'national' | 'foreign' | 'poBox' | 'unstructured';

/** A natural person, a legal person or an administration (Notific@ `Persona`). */
export interface Party {
  documentType?: PartyDocumentType;
  /** Upper case, no separators, check character verified for its `documentType`. */
  documentNumber?: string;
  /** Natural persons. */
  name?: string;
  firstSurname?: string;
  secondSurname?: string;
  /** Legal persons and administrations. */
  companyName?: string;
  /** Where Notific@ sends the notice (aviso). */
  email?: string;
  /** Where Notific@ sends the SMS notice: `^\+?[0-9]{9,15}$`. */
  phone?: string;
  /** DIR3 code of an administration (`codigoDestino`). */
  dir3Code?: string;
}

/** Paper delivery through the print centre (Notific@ `entregaPostal`). */
export interface PostalAddress {
  kind: PostalAddressKind;
  streetType?: string;
  streetName?: string;
  number?: string;
  portal?: string;
  block?: string;
  stair?: string;
  floor?: string;
  door?: string;
  complement?: string;
  postalCode: string;
  poBox?: string;
  /** 6-digit INE code. */
  municipalityCode?: string;
  /** 2-digit INE code. */
  provinceCode?: string;
  /** ISO 3166-1 alpha-2; `ES` when absent. */
  country?: string;
  town?: string;
  line1?: string;
  line2?: string;
}

export interface Recipient {
  /** The titular. */
  holder: Party;
  /** The destinatario notified on the holder's behalf. */
  representative?: Party;
  postalAddress?: PostalAddress;
  /** Delivery to the DEHú (`entregaDEH`). */
  electronicMailbox?: { mandatory: boolean };
}

export interface NotificationDocument {
  /** Strict base64 of the PDF bytes. */
  content: string;
  /** Lowercase hex SHA-256 of the decoded content; intake checks it. */
  sha256: string;
  mediaType: 'application/pdf';
  filename?: string;
  /** First page laid out for a window envelope (`normalizado`). */
  normalized?: boolean;
}

export interface Notification {
  /** DIR3 of the issuing body (`codigoOrganismoEmisor`). */
  issuingBody: string;
  /** SIA code. */
  procedure: string;
  kind: NotificationKind;
  concept: string;
  description?: string;
  /** YYYY-MM-DD (`fechaEnvioProgramado`). */
  scheduledFor?: string;
  /** Days from the (Madrid) date of reception to `caducidad`. */
  expiryDays: number;
  /** `retardo`, days. */
  postalDelayDays?: number;
  /** The municipality's own reference; never sent to Notific@. */
  reference?: string;
  document: NotificationDocument;
  /** 1..100, one per holder, in envío order. */
  recipients: Recipient[];
}

/** Readable values -> Notific@ codes (reference/notifica-carpeta.md §2.1). */
export const NotificaCodes = {
  /** `tipoEnvio`. */
  kind: { communication: 1, notification: 2 },
  /** `entregaPostal/tipoDomicilio`. */
  postalAddressKind: { national: 1, foreign: 2, poBox: 3, unstructured: 4 },
} as const satisfies {
  kind: Record<NotificationKind, 1 | 2>;
  postalAddressKind: Record<PostalAddressKind, 1 | 2 | 3 | 4>;
};

/** Country sent when a postal address names none (notib does the same). */
export const DEFAULT_POSTAL_COUNTRY = 'ES';

const MADRID_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Madrid', year: 'numeric', month: '2-digit', day: '2-digit',
});

/** The Europe/Madrid calendar date of `instant`, `YYYY-MM-DD`. */
export function madridDate(instant: Date): string {
  const p: Record<string, string> = {};
  for (const part of MADRID_DATE.formatToParts(instant)) p[part.type] = part.value;
  return `${p.year.padStart(4, '0')}-${p.month}-${p.day}`;
}

/** `date` (`YYYY-MM-DD`) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

// A zone-less date-time would be read in the host's zone: the result would depend on where it runs.
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Notific@'s `caducidad`: the Madrid calendar date of `receivedAt` plus `expiryDays`, or
 * undefined when `receivedAt` is not an ISO 8601 instant with an offset.
 */
export function expiryDate(receivedAt: string | Date, expiryDays: number): string | undefined {
  if (typeof receivedAt === 'string' && !INSTANT_WITH_OFFSET.test(receivedAt)) return undefined;
  const at = receivedAt instanceof Date ? receivedAt : new Date(receivedAt);
  if (Number.isNaN(at.getTime()) || !Number.isInteger(expiryDays)) return undefined;
  return addDays(madridDate(at), expiryDays);
}
