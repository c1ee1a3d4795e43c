import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Errors, PasarelaError, type FieldProblem } from '../../core/errors';
import { CONTROL_FIELDS, controlMessageProblems, type ControlField, type ControlMessage } from './fields';

/**
 * Reading an untrusted `De_Mensaje` (from WS_SIR9, or a simulator's WS_SIR7). A control message
 * is a few hundred bytes (its largest legal content is under 4 KiB), so the bound is tight;
 * DOCTYPE is refused before any parsing; entities are decoded once, here, so nothing is decoded
 * twice and an undefined entity is an error; values are the exact text (not trimmed).
 */

/** Largest `De_Mensaje` accepted, in bytes. */
export const MAX_CONTROL_MESSAGE_BYTES = 64 * 1024;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  maxNestedTags: 8,
});

type Ordered = Record<string, unknown>;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function invalid(message: string, problems: FieldProblem[] = [], cause?: unknown): PasarelaError {
  return new PasarelaError(Errors.SIR_CONTROL_INVALID, message, { problems, cause });
}

function decodeReference(ref: string): string {
  if (ref.startsWith('#')) {
    const hex = ref[1] === 'x' || ref[1] === 'X';
    const code = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw invalid(`The control message holds an invalid character reference &${ref};`);
    }
    return String.fromCodePoint(code);
  }
  if (!Object.prototype.hasOwnProperty.call(NAMED, ref)) throw invalid(`The control message uses an undefined entity &${ref};`);
  return NAMED[ref];
}

const decodeText = (t: string): string => t.replace(/&([^;&\s<]{1,32});/g, (_, ref: string) => decodeReference(ref));

const nameOf = (item: Ordered): string | undefined => Object.keys(item).find((k) => k !== ':@');

/** The text of a leaf element; a child element inside a leaf is a structure error. */
function leafText(element: string, items: Ordered[]): string {
  let out = '';
  for (const item of items) {
    const key = nameOf(item);
    if (key === '#text') out += decodeText(String(item[key]));
    else if (key === '#cdata') out += (item[key] as Ordered[]).map((t) => String(t['#text'] ?? '')).join('');
    else if (key !== undefined) throw invalid(`${element} must hold text only, not <${key}>`);
  }
  return out;
}

/** The root element's content, checked against the XSD sequence (names, order, occurrences). */
function readFields(items: Ordered[]): Map<ControlField, string[]> {
  const values = new Map<ControlField, string[]>();
  let position = 0;
  for (const item of items) {
    const key = nameOf(item);
    if (key === undefined || key.startsWith('?')) continue;
    if (key === '#text') {
      if (String(item[key]).trim() !== '') throw invalid('De_Mensaje holds text outside its elements');
      continue;
    }
    if (key === '#cdata') throw invalid('De_Mensaje holds text outside its elements');
    const index = CONTROL_FIELDS.findIndex((f) => f.element === key);
    if (index < 0) throw invalid(`De_Mensaje has an unknown element <${key.slice(0, 60)}>`);
    if (index < position) throw invalid(`<${key}> is out of the order mensaje.xsd sets`);
    const field = CONTROL_FIELDS[index];
    const list = values.get(field) ?? [];
    if (list.length > 0 && !field.maxOccurs) throw invalid(`<${key}> occurs more than once`);
    list.push(leafText(key, item[key] as Ordered[]));
    values.set(field, list);
    position = index;
  }
  return values;
}

function toMessage(values: Map<ControlField, string[]>): ControlMessage {
  const m: Record<string, unknown> = {};
  for (const f of CONTROL_FIELDS) {
    const list = values.get(f);
    if (f.maxOccurs) {
      if (list && list.length > 0) m[f.key] = list;
    } else if (f.required) {
      m[f.key] = list?.[0] ?? '';
    } else if (list && list[0] !== '') {
      // An empty optional element (`<Codigo_Error/>`, as regweb3 writes them) is the same as an absent one.
      m[f.key] = list[0];
    }
  }
  return m as unknown as ControlMessage;
}

function parseDocument(xml: string): Ordered {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw invalid(`The control message is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  let items: Ordered[];
  try {
    items = parser.parse(xml) as Ordered[];
  } catch (e) {
    throw invalid('The control message could not be parsed', [], e);
  }
  const roots = items.filter((i) => {
    const k = nameOf(i);
    return k !== undefined && !k.startsWith('?') && !(k === '#text' && String(i[k]).trim() === '');
  });
  if (roots.length !== 1) throw invalid('The control message must have exactly one root element');
  return roots[0];
}

/**
 * Read a `De_Mensaje` document. Throws `SIR_CONTROL_INVALID` (not retryable) for anything that
 * is not a safe, well-formed, schema-valid SICRES 3 control message, with the field problems
 * when the structure was readable.
 */
export function parseControlMessage(xml: unknown): ControlMessage {
  if (typeof xml !== 'string' || xml.trim() === '') throw invalid('The control message is empty');
  if (Buffer.byteLength(xml, 'utf8') > MAX_CONTROL_MESSAGE_BYTES) {
    throw invalid(`The control message exceeds ${MAX_CONTROL_MESSAGE_BYTES} bytes`);
  }
  if (/<!DOCTYPE/i.test(xml)) throw invalid('DOCTYPE declarations are not allowed in a control message');
  const root = parseDocument(xml);
  const name = nameOf(root);
  if (name !== 'De_Mensaje') throw invalid(`The root element must be De_Mensaje, not <${String(name).slice(0, 60)}>`);
  const message = toMessage(readFields(root[name] as Ordered[]));
  const problems = controlMessageProblems(message);
  if (problems.length > 0) throw invalid(`The control message is not valid: ${problems[0].message}`, problems);
  return message;
}
