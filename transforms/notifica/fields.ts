import type { FieldProblem } from '../../src/core/errors';

/**
 * The checks every Notific@ leaf goes through (../notification-to-notifica.ts): an XSD facet
 * (`xs:length` read as a maximum, as real clients send it), a shape, and what XML can carry. A
 * value that does not fit is a problem at its pointer, never a cut string.
 */

// XML 1.0 Char production: anything outside it cannot appear in a document, escaped or not.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export type Problems = FieldProblem[];

function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A text leaf: returned as is, with a problem when it is too long or holds what XML cannot carry. */
export function leaf(problems: Problems, value: unknown, pointer: string, element: string, max?: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push({ pointer, code: 'invalid', message: `${element} must be a string` });
    return undefined;
  }
  if (max !== undefined && charLength(value) > max) {
    problems.push({ pointer, code: 'too-long', message: `${element} is ${charLength(value)} characters long; Notific@ allows at most ${max}` });
  }
  if (NOT_XML_CHAR.test(value)) {
    problems.push({ pointer, code: 'invalid-characters', message: `${element} holds characters XML cannot carry` });
  }
  return value;
}

/** A leaf that must match `shape` (codes, dates). */
export function coded(problems: Problems, value: unknown, pointer: string, element: string, shape: RegExp): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !shape.test(value)) {
    problems.push({ pointer, code: 'invalid', message: `${element} does not have the shape Notific@ requires` });
    return undefined;
  }
  return value;
}

/** `table[key]` for an own key only: `__proto__` or `constructor` must not look like a code. */
export function codeIn<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export function missing(problems: Problems, pointer: string, element: string): void {
  problems.push({ pointer, code: 'missing', message: `${element} is required` });
}

/** `o` without its undefined properties, so payloads compare and serialise cleanly. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

