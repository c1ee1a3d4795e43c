import type { FieldProblem } from '../../src/core/errors';

/**
 * Minimal, strict XML writing for SICRES 3 segments: every leaf is an unqualified element whose
 * text is escaped, checked against the XSD `maxLength` (in characters, as XSD counts them) and
 * against the characters XML 1.0 can carry. Problems are collected, never "fixed": a value that
 * does not fit is an error, not a silently cut string.
 */

/** One leaf of a segment, in schema order. */
export interface Leaf {
  /** SICRES element name, e.g. `Resumen`. */
  element: string;
  value: string | undefined;
  /** XSD maxLength; `null` for base64Binary (no length facet). */
  max: number | null;
  /** JSON pointer of the canonical field the value came from, for problems. */
  pointer: string;
  /** Required elements are written even when empty (`<Expone/>`). */
  required?: boolean;
}

// XML 1.0 Char production: anything outside it (C0 controls but tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF) cannot appear in a document at all, escaped or not.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape the five XML special characters. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Element text that must come back exactly: `escapeXml` plus CR kept (a parser would turn a raw CR into LF). */
export function escapeXmlText(text: string): string {
  return escapeXml(text).replace(/\r/g, '&#13;');
}

/** Length in Unicode code points, which is what XSD `maxLength` counts for xs:string. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Check one leaf; returns the problems it has (empty when fine). */
export function checkLeaf(leaf: Leaf): FieldProblem[] {
  const { value, max, element, pointer } = leaf;
  if (value === undefined) return [];
  const problems: FieldProblem[] = [];
  if (max !== null && charLength(value) > max) {
    problems.push({
      pointer,
      code: 'too-long',
      message: `${element} is ${charLength(value)} characters long; SICRES 3.0 allows at most ${max}`,
    });
  }
  if (NOT_XML_CHAR.test(value)) {
    problems.push({ pointer, code: 'invalid-characters', message: `${element} holds characters XML cannot carry` });
  }
  return problems;
}

function isPresent(leaf: Leaf): boolean {
  return leaf.required === true || (leaf.value !== undefined && leaf.value !== '');
}

function writeLeaf(leaf: Leaf, indent: string): string {
  const value = leaf.value ?? '';
  // A raw CR is turned into LF by every XML parser (end-of-line handling); as `&#13;` it survives,
  // so a CRLF typed in a form reaches the receiver as sent.
  return value === ''
    ? `${indent}<${leaf.element}/>`
    : `${indent}<${leaf.element}>${escapeXml(value).replace(/\r/g, '&#13;')}</${leaf.element}>`;
}

/**
 * Write one segment with its present leaves in the given (schema) order, appending any problem
 * to `problems`. A segment with no present leaf is written empty (`<De_Interesado/>`).
 */
export function writeSegment(name: string, leaves: Leaf[], problems: FieldProblem[]): string {
  const present = leaves.filter(isPresent);
  for (const leaf of present) problems.push(...checkLeaf(leaf));
  if (present.length === 0) return `  <${name}/>`;
  const body = present.map((leaf) => writeLeaf(leaf, '    ')).join('\n');
  return `  <${name}>\n${body}\n  </${name}>`;
}
