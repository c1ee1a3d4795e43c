import { createHash } from 'node:crypto';
import type { FieldProblem } from './errors';
import { addDays, madridDate, type Notification, type Party, type Recipient } from './notification';

/**
 * Semantic checks of a notification that a JSON Schema cannot express. Run them after the
 * schema passed; they assume its shape but never throw on odd values.
 */

const MiB = 1024 * 1024;
/** PDF readers find a `%PDF-` header that follows a few leading bytes; look where they look. */
const PDF_HEADER_WINDOW = 1024;

export interface NotificationCheckOptions {
  /** Decoded bytes of the document. @defaultValue 10 MiB */
  maxDocumentBytes?: number;
}

export const DEFAULT_NOTIFICATION_LIMITS: Required<NotificationCheckOptions> = {
  maxDocumentBytes: 10 * MiB,
};

/**
 * Problems found; empty when the notification is consistent. `now` is the moment of intake: it
 * gives today's Europe/Madrid date, which `scheduledFor` may not precede, and from which the
 * expiry date is counted (the transform counts it from the envelope's `receivedAt`).
 */
export function checkNotification(
  notification: Notification, now: Date = new Date(), options: NotificationCheckOptions = {},
): FieldProblem[] {
  const limits = { ...DEFAULT_NOTIFICATION_LIMITS, ...options };
  const recipients = Array.isArray(notification.recipients) ? notification.recipients : [];
  return [
    ...checkDocument(notification, limits.maxDocumentBytes),
    ...checkSchedule(notification, now),
    ...checkHolders(recipients),
    ...checkRepresentatives(recipients),
    ...checkPostalAddresses(recipients),
  ];
}

function problem(pointer: string, code: string, message: string): FieldProblem {
  return { pointer, code, message };
}

/** Decoded size from the base64 length alone, without decoding. */
function decodedSize(content: string): number {
  const padding = content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((content.length * 3) / 4) - padding);
}

function checkDocument(notification: Notification, maxBytes: number): FieldProblem[] {
  const doc = notification.document;
  const content = typeof doc?.content === 'string' ? doc.content : '';
  const size = decodedSize(content);
  if (size === 0) return [problem('/document/content', 'NOTIFICATION_DOCUMENT_EMPTY', 'The document is empty.')];
  if (size > maxBytes) {
    return [problem('/document/content', 'NOTIFICATION_DOCUMENT_TOO_LARGE', `The document may have at most ${maxBytes} bytes.`)];
  }
  const bytes = Buffer.from(content, 'base64');
  const out: FieldProblem[] = [];
  if (createHash('sha256').update(bytes).digest('hex') !== doc.sha256) {
    out.push(problem('/document/sha256', 'NOTIFICATION_HASH_MISMATCH', 'The SHA-256 does not match the document content.'));
  }
  if (doc.mediaType === 'application/pdf' && bytes.subarray(0, PDF_HEADER_WINDOW).indexOf('%PDF-') < 0) {
    out.push(problem('/document/content', 'NOTIFICATION_DOCUMENT_NOT_PDF', 'The document is not a PDF (no %PDF- header).'));
  }
  return out;
}

function checkSchedule(notification: Notification, now: Date): FieldProblem[] {
  const scheduled = notification.scheduledFor;
  if (typeof scheduled !== 'string' || Number.isNaN(now.getTime())) return [];
  const today = madridDate(now);
  // YYYY-MM-DD strings compare as dates.
  if (scheduled < today) {
    return [problem('/scheduledFor', 'NOTIFICATION_SCHEDULED_IN_PAST', 'The scheduled date is before today (Europe/Madrid).')];
  }
  if (Number.isInteger(notification.expiryDays) && addDays(today, notification.expiryDays) <= scheduled) {
    return [problem('/expiryDays', 'NOTIFICATION_EXPIRES_BEFORE_SCHEDULE', 'The envíos would expire on or before their scheduled date.')];
  }
  return [];
}

/** What identifies a holder to Notific@: its NIF, or for an administration without one its DIR3 code. */
function holderKey(holder: Party | undefined): { key: string; field: 'documentNumber' | 'dir3Code' } | undefined {
  if (typeof holder?.documentNumber === 'string') return { key: `doc:${holder.documentNumber}`, field: 'documentNumber' };
  if (typeof holder?.dir3Code === 'string') return { key: `dir3:${holder.dir3Code}`, field: 'dir3Code' };
  return undefined;
}

/** One envío per titular: notib matches Notific@'s answer items to envíos by nifTitular. */
function checkHolders(recipients: Recipient[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  recipients.forEach((r, i) => {
    const id = holderKey(r?.holder);
    if (!id) return;
    if (seen.has(id.key)) {
      out.push(problem(`/recipients/${i}/holder/${id.field}`, 'NOTIFICATION_DUPLICATE_HOLDER', 'Another recipient already has this holder.'));
    }
    seen.add(id.key);
  });
  return out;
}

function checkRepresentatives(recipients: Recipient[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  recipients.forEach((r, i) => {
    const number = r?.representative?.documentNumber;
    if (typeof number === 'string' && number === r.holder?.documentNumber) {
      out.push(problem(`/recipients/${i}/representative/documentNumber`, 'NOTIFICATION_REPRESENTATIVE_IS_HOLDER',
        'The representative must be someone other than the holder.'));
    }
  });
  return out;
}

/** INE codes and Spanish postal codes both start with the 2-digit province code. */
function checkPostalAddresses(recipients: Recipient[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  recipients.forEach((r, i) => {
    const a = r?.postalAddress;
    if (!a || typeof a.provinceCode !== 'string') return;
    const at = `/recipients/${i}/postalAddress`;
    if (typeof a.municipalityCode === 'string' && !a.municipalityCode.startsWith(a.provinceCode)) {
      out.push(problem(`${at}/municipalityCode`, 'NOTIFICATION_POSTAL_PROVINCE_MISMATCH',
        'The municipality code does not belong to the province code.'));
    }
    const spanish = (a.kind === 'national' || a.kind === 'poBox') && /^[0-9]{5}$/.test(a.postalCode ?? '');
    if (spanish && !a.postalCode.startsWith(a.provinceCode)) {
      out.push(problem(`${at}/postalCode`, 'NOTIFICATION_POSTAL_CODE_PROVINCE_MISMATCH',
        'The postal code does not belong to the province code.'));
    }
  });
  return out;
}
