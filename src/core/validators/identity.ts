import type { IdentityDocumentType } from '../registry-entry';
import { isDir3Code } from './dir3';

/**
 * Spanish identity document numbers with their check characters. Input must already be
 * upper case and without separators: these functions validate, they never normalise, so what
 * is accepted is exactly what travels to SIR.
 */

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CIF_CONTROL_LETTERS = 'JABCDEFGHI';
/** Organisation types whose control character is always a letter (Orden EHA/451/2008). */
const CIF_LETTER_ONLY = 'PQRSWN';
/** Organisation types whose control character is always a digit. */
const CIF_DIGIT_ONLY = 'ABEH';

const NIF_RE = /^[0-9]{8}[A-Z]$/;
/** K (minors), L (Spaniards abroad), M (foreigners without NIE): RD 1065/2007, Orden EHA/451/2008. */
const NIF_KLM_RE = /^[KLM][0-9]{7}[A-Z]$/;
const NIE_RE = /^[XYZ][0-9]{7}[A-Z]$/;
const CIF_RE = /^[ABCDEFGHJNPQRSUVW][0-9]{7}[0-9A-J]$/;

function dniLetter(digits: string): string {
  return DNI_LETTERS.charAt(Number(digits) % 23);
}

/**
 * NIF of a natural person: a DNI number (8 digits + check letter) or the special K/L/M forms
 * (letter + 7 digits + check letter computed on the 7 digits, like a DNI).
 */
export function isValidNif(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (NIF_RE.test(value)) return dniLetter(value.slice(0, 8)) === value.charAt(8);
  if (NIF_KLM_RE.test(value)) return dniLetter(value.slice(1, 8)) === value.charAt(8);
  return false;
}

/** NIE: X/Y/Z (read as 0/1/2) + 7 digits + check letter. */
export function isValidNie(value: unknown): boolean {
  if (typeof value !== 'string' || !NIE_RE.test(value)) return false;
  const prefix = String('XYZ'.indexOf(value.charAt(0)));
  return dniLetter(prefix + value.slice(1, 8)) === value.charAt(8);
}

/** The control digit (0-9) of a CIF's 7 central digits. */
export function cifControlDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const n = Number(digits.charAt(i));
    // Positions 1, 3, 5, 7 (odd, 1-based) are doubled and their digits added.
    sum += i % 2 === 0 ? Math.floor((2 * n) / 10) + ((2 * n) % 10) : n;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * CIF (NIF of a legal person or entity): organisation letter + 7 digits + control character.
 * The control is a letter for P, Q, R, S, W, N; a digit for A, B, E, H; either for the rest.
 */
export function isValidCif(value: unknown): boolean {
  if (typeof value !== 'string' || !CIF_RE.test(value)) return false;
  const kind = value.charAt(0);
  const control = value.charAt(8);
  const digit = cifControlDigit(value.slice(1, 8));
  const isLetter = control >= 'A' && control <= 'Z';
  if (isLetter) return !CIF_DIGIT_ONLY.includes(kind) && CIF_CONTROL_LETTERS.charAt(digit) === control;
  return !CIF_LETTER_ONLY.includes(kind) && String(digit) === control;
}

/** Longest document number SICRES carries (`Documento_Identificacion_Interesado`). */
export const MAX_DOCUMENT_NUMBER_LENGTH = 17;

/**
 * Whether `number` is a valid document number for `type`. Passports and "other" documents
 * have no public check rule: any 1..17 printable characters without spaces at the ends.
 */
export function isValidIdentityDocument(type: IdentityDocumentType, number: unknown): boolean {
  if (typeof number !== 'string') return false;
  switch (type) {
    case 'NIF': return isValidNif(number);
    case 'NIE': return isValidNie(number);
    case 'CIF': return isValidCif(number);
    case 'ORIGIN_CODE': return isDir3Code(number);
    case 'PASSPORT':
    case 'OTHER':
      return number.length >= 1 && number.length <= MAX_DOCUMENT_NUMBER_LENGTH && number.trim() === number
        && !/[\u0000-\u001f\u007f]/.test(number);
    default: return false;
  }
}
