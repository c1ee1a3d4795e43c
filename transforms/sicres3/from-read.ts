import type { FieldProblem } from '../../src/core/errors';
import type { Segment } from '../../src/sir/fichero';

/**
 * Reading one parsed SICRES segment. Problems point into the fichero
 * (`/De_Anexo/1/Hash`), name the element, and never quote citizen data: only code values
 * (at most two characters, from closed lists) appear in messages.
 */

export interface SegmentReader {
  /** The element's text, or undefined when it is absent or empty (SICRES writes both for "none"). */
  text(element: string): string | undefined;
  /** Like `text`, but a missing/empty value is a `missing` problem and reads as `''`. */
  required(element: string): string;
  /** A SICRES code looked up in a canonical -> code table, read backwards. */
  code<K extends string>(table: Readonly<Record<K, string>>, element: string, required?: boolean): K | undefined;
  readonly problems: FieldProblem[];
  /** JSON pointer of the segment, e.g. `/De_Interesado/0`. */
  readonly at: string;
}

/**
 * @param segment undefined when the segment itself is missing: that is reported once by the
 *   caller, so the reader then stays silent about the segment's required elements.
 */
export function readerOf(segment: Segment | undefined, at: string, problems: FieldProblem[]): SegmentReader {
  const seg = segment ?? {};
  const text = (element: string): string | undefined => {
    const v = seg[element];
    return v === undefined || v === '' ? undefined : v;
  };
  const missing = (element: string): void => {
    if (segment !== undefined) {
      problems.push({ pointer: `${at}/${element}`, code: 'missing', message: `${element} is required and is missing or empty` });
    }
  };
  return {
    problems,
    at,
    text,
    required(element) {
      const v = text(element);
      if (v === undefined) missing(element);
      return v ?? '';
    },
    code(table, element, required = false) {
      const v = text(element);
      if (v === undefined) {
        if (required) missing(element);
        return undefined;
      }
      const found = (Object.keys(table) as (keyof typeof table)[]).find((k) => table[k] === v);
      if (found === undefined) {
        const shown = v.length <= 2 ? ` '${v}'` : '';
        problems.push({ pointer: `${at}/${element}`, code: 'unknown-code', message: `${element} has an unknown SICRES 3.0 code${shown}` });
      }
      return found;
    },
  };
}

/** Drop undefined properties so the mapped entry is plain JSON (and compares strictly). */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
// xs:base64Binary allows XML whitespace between characters (line-wrapped base64 is common).
const XML_SPACE = /[\t\n\r ]+/g;

/**
 * Decode xs:base64Binary text, or undefined when it is not valid base64. A plain character-class
 * test: a grouped regex overflows the stack on multi-MiB annexes (see annexes.ts).
 */
export function decodeBase64(text: string): Buffer | undefined {
  const compacted = text.replace(XML_SPACE, '');
  if (compacted.length % 4 !== 0 || !BASE64_CHARS.test(compacted)) return undefined;
  return Buffer.from(compacted, 'base64');
}
