import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Errors, isPasarelaError, PasarelaError } from '../core/errors';
import { decodeUtf8, UTF8_BOM } from '../core/text-encoding';
import type { ParsedFichero, Segment } from './fichero';
import { checkSequence } from './reception/sequence';
import { ANNEX, BASE64_LEAVES, CONTROL, DESTINATION, FICHERO_ROOT, FORM, INTERESTED, ORIGIN, SEGMENTS, SUBJECT, segmentRule } from './reception/schema';
import { nestsDeeperThan } from './xml-depth';

/**
 * Read an untrusted `Fichero_Intercambio_SICRES_3` (reference/sir-sicres3.md §3) into a
 * `ParsedFichero`. Hostile input is refused before any tree is built: size bounded (annexes
 * travel inline as base64, hence the generous default), DOCTYPE/ENTITY declarations refused
 * (no entity expansion, no external fetches), bytes decoded strictly (never U+FFFD), nesting
 * bounded by our own count, well-formedness checked.
 * Anything that is not a readable fichero throws `SIR_FICHERO_UNREADABLE` with
 * `details.reason`; the reception rules treat that as a drop (no ERROR message can be built).
 */

export interface ParseFicheroOptions {
  /** Largest document accepted, in bytes. Default 25 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_FICHERO_BYTES = 25 * 1024 * 1024;
/** A fichero is 3 levels deep; anything much deeper is not one and may be an attack. */
const MAX_DEPTH = 16;

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  // base64 leaves are read raw: fast-xml-parser is slow on multi-megabyte text nodes otherwise.
  stopNodes: BASE64_LEAVES.map((name) => `*.${name}`),
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  // A backstop only: nestsDeeperThan refuses, with our own reason, anything this bound could trip on.
  maxNestedTags: MAX_DEPTH,
});

function unreadable(reason: string, message: string, cause?: unknown): PasarelaError {
  return new PasarelaError(Errors.SIR_FICHERO_UNREADABLE, message, { cause, details: { reason } });
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decode the five XML entities and character references in one pass (never twice). */
function decodeText(text: string): string {
  return text.replace(/&([^;&\s<]{1,32});/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const code = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw unreadable('not-well-formed', `invalid character reference &${ref.slice(0, 12)};`);
      }
      return String.fromCodePoint(code);
    }
    if (!Object.prototype.hasOwnProperty.call(NAMED, ref)) throw unreadable('not-well-formed', `undefined entity &${ref.slice(0, 12)};`);
    return NAMED[ref];
  });
}

/** Raw content of a stop node: CDATA unwrapped, entities decoded; markup left in is reported. */
function decodeRaw(raw: string): { text: string; markup: boolean } {
  let text = '';
  let markup = false;
  for (const part of raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)) {
    if (part.startsWith('<![CDATA[')) text += part.slice(9, -3);
    else {
      if (part.includes('<')) markup = true;
      text += decodeText(part);
    }
  }
  return { text, markup };
}

function nameOf(item: Ordered): string | undefined {
  return Object.keys(item).find((k) => k !== ':@');
}

interface Element {
  name: string;
  children: Element[];
  text: string;
  /** Stop-node content held markup (an element inside a base64 leaf). */
  markup: boolean;
}

function toElement(name: string, items: Ordered[]): Element {
  const el: Element = { name, children: [], text: '', markup: false };
  for (const item of items) {
    const key = nameOf(item);
    if (key === undefined || key.startsWith('?')) continue;
    const value = item[key];
    if (key === '#text') {
      if (BASE64_LEAVES.includes(name)) {
        const raw = decodeRaw(String(value));
        el.text += raw.text;
        el.markup ||= raw.markup;
      } else el.text += decodeText(String(value));
    } else if (key === '#cdata') el.text += (value as Ordered[]).map((t) => String(t['#text'] ?? '')).join('');
    else el.children.push(toElement(key, value as Ordered[]));
  }
  return el;
}

/** One segment element -> its map, recording structural facts the map cannot show. */
function toSegment(el: Element, structure: string[]): Segment {
  const rule = segmentRule(el.name)!;
  const segment: Segment = {};
  if (el.text.trim() !== '') structure.push(`${el.name} holds text outside its elements`);
  structure.push(...checkSequence(el.name, el.children.map((c) => c.name), rule.leaves.map((l) => ({ name: l.name, min: 0, max: 1 }))));
  for (const child of el.children) {
    if (!rule.leaves.some((l) => l.name === child.name)) continue; // reported as unknown above
    if (child.children.length > 0 || child.markup) structure.push(`${el.name}/${child.name} contains elements`);
    if (segment[child.name] === undefined) segment[child.name] = child.text;
  }
  return segment;
}

function toFichero(root: Element): ParsedFichero {
  const structure: string[] = [];
  if (root.text.trim() !== '') structure.push(`${FICHERO_ROOT} holds text outside its segments`);
  structure.push(...checkSequence(FICHERO_ROOT, root.children.map((c) => c.name), SEGMENTS));
  const all = (name: string) => root.children.filter((c) => c.name === name).map((c) => toSegment(c, structure));
  const first = (name: string) => all(name)[0];
  return {
    origin: first(ORIGIN),
    destination: first(DESTINATION),
    interested: all(INTERESTED),
    subject: first(SUBJECT),
    annexes: all(ANNEX),
    control: first(CONTROL),
    form: first(FORM),
    structure: [...new Set(structure)],
  };
}

const DECLARED_ENCODING = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** Bytes -> text: strict UTF-8 (a BOM says so too) unless the declaration names Latin-1; never U+FFFD. */
function decode(xml: string | Buffer): string {
  if (typeof xml === 'string') return xml;
  const bom = xml.subarray(0, 3).equals(UTF8_BOM);
  const encoding = bom ? undefined : DECLARED_ENCODING.exec(xml.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase();
  if (encoding === 'iso-8859-1' || encoding === 'latin1' || encoding === 'windows-1252') return xml.toString('latin1');
  try {
    return decodeUtf8(xml);
  } catch (e) {
    if (isPasarelaError(e) && e.code === Errors.INTAKE_INVALID_ENCODING.code) throw unreadable('bad-encoding', e.message, e);
    throw e;
  }
}

function byteLength(xml: string | Buffer): number {
  return typeof xml === 'string' ? Buffer.byteLength(xml, 'utf8') : xml.length;
}

/** Parse one fichero. Throws `SIR_FICHERO_UNREADABLE` (a drop) for anything else. */
export function parseFichero(xml: string | Buffer, options: ParseFicheroOptions = {}): ParsedFichero {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FICHERO_BYTES;
  if (byteLength(xml) > maxBytes) throw unreadable('too-large', `the document exceeds ${maxBytes} bytes`);
  const text = decode(xml).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw unreadable('empty', 'the document is empty');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw unreadable('doctype', 'DOCTYPE and ENTITY declarations are not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw unreadable('not-well-formed', `not well-formed XML: ${valid.err.msg.slice(0, 120)} (line ${valid.err.line})`);
  if (nestsDeeperThan(text, MAX_DEPTH)) throw unreadable('too-deep', `elements nest deeper than ${MAX_DEPTH} levels`);
  let items: Ordered[];
  try {
    items = parser.parse(text) as Ordered[];
  } catch (e) {
    throw unreadable('not-well-formed', 'the document cannot be parsed', e);
  }
  const roots = items.filter((i) => { const k = nameOf(i); return k !== undefined && !k.startsWith('?') && !k.startsWith('#'); });
  if (roots.length !== 1) throw unreadable('not-a-fichero', 'the document must have exactly one root element');
  const name = nameOf(roots[0])!;
  if (name !== FICHERO_ROOT) throw unreadable('not-a-fichero', `the root element is ${name.slice(0, 60)}, not ${FICHERO_ROOT}`);
  return toFichero(toElement(name, roots[0][name] as Ordered[]));
}
