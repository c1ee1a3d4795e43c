import { Errors, PasarelaError, isPasarelaError, type ErrorDef } from '../../src/core/errors';
import type { ParsedFichero } from '../../src/sir/fichero';
import { parseFichero } from '../../src/sir/parse-fichero';
import { decodeXmlBody } from './encoding';

/**
 * Bytes -> `ParsedFichero`, every failure an intake error. parseFichero does the hostile-input
 * work (size, DOCTYPE/ENTITY refused before any parsing, so nothing is ever expanded or fetched;
 * nesting bounded; well-formedness); this maps its `details.reason` to the intake catalog.
 */

const BY_REASON: Readonly<Record<string, ErrorDef>> = {
  'too-large': Errors.INTAKE_BODY_TOO_LARGE,
  empty: Errors.INTAKE_XML_MALFORMED,
  doctype: Errors.INTAKE_XML_FORBIDDEN,
  'not-well-formed': Errors.INTAKE_XML_MALFORMED,
  'bad-encoding': Errors.INTAKE_INVALID_ENCODING,
  'too-deep': Errors.INTAKE_TOO_DEEP,
  'not-a-fichero': Errors.INTAKE_XML_MALFORMED,
};

function tooLarge(maxBytes: number): PasarelaError {
  return new PasarelaError(Errors.INTAKE_BODY_TOO_LARGE, `The fichero exceeds ${maxBytes} bytes`, { details: { maxBytes } });
}

/** Any error -> a catalog error for intake, the original kept as `cause`. */
export function toIntakeError(e: unknown): PasarelaError {
  if (isPasarelaError(e) && e.code.startsWith('INTAKE_')) return e;
  const reason = isPasarelaError(e) && e.code === Errors.SIR_FICHERO_UNREADABLE.code ? e.details.reason : undefined;
  const def = typeof reason === 'string' && Object.prototype.hasOwnProperty.call(BY_REASON, reason) ? BY_REASON[reason] : Errors.INTAKE_XML_MALFORMED;
  const message = isPasarelaError(e) ? `The body is not a readable SICRES 3.0 fichero: ${e.message}` : 'The body could not be read as a SICRES 3.0 fichero';
  return new PasarelaError(def, message, { cause: e, ...(reason !== undefined && { details: { reason } }) });
}

/** Read one fichero body: size on the bytes as received, then encoding, then XML. */
export function readFichero(raw: Buffer, charset: string | undefined, maxBytes: number): ParsedFichero {
  if (raw.length > maxBytes) throw tooLarge(maxBytes);
  const text = decodeXmlBody(raw, charset);
  // The limit is on the bytes received (checked above); parseFichero measures the decoded text as
  // UTF-8, which is up to 3x longer for Windows-1252 (e.g. the euro sign), so it gets headroom.
  return parseFichero(text, { maxBytes: maxBytes * 3 });
}
