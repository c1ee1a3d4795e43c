import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { nestsDeeperThan } from '../../src/sir/xml-depth';

/**
 * Untrusted XML to a small namespace-aware tree. Hostile input is refused before any tree is
 * built: size bounded, DOCTYPE/ENTITY declarations refused (so no entity can expand), the
 * number of tags and their nesting bounded by our own count, well-formedness checked. Entities
 * are decoded here, once (the five predefined ones and character references), never by the
 * parser. Prefixes are resolved against the in-scope `xmlns` declarations, so callers match
 * elements by (namespace, local name) whatever prefix the sender chose.
 */

export interface XmlElement {
  /** Local name, prefix removed. */
  name: string;
  /** Namespace URI; '' when the element is in no namespace. */
  ns: string;
  /** Attributes by their name as written (namespace declarations excluded). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text and CDATA directly inside the element, entities decoded. */
  text: string;
}

/** Why a document was refused; `message` is safe to show (it never quotes the input). */
export class XmlRefused extends Error {}

export interface ReadXmlLimits {
  maxBytes: number;
  /** Deepest element nesting accepted (the root is level 1). */
  maxDepth: number;
  /** Most start tags accepted: a remesa of 100 envíos has a few thousand. */
  maxTags: number;
}

/** Text leaves that may carry megabytes of base64: read raw, fast-xml-parser is slow on them otherwise. */
const RAW_LEAVES = ['contenido'];

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  stopNodes: RAW_LEAVES.map((name) => `*.${name}`),
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  // A backstop only: nestsDeeperThan refuses first, with our own reason.
  maxNestedTags: 256,
});

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decode the five XML entities and character references in one pass (never twice). */
function decodeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s<]{1,32});/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const code = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlRefused('invalid character reference');
      return String.fromCodePoint(code);
    }
    if (!Object.prototype.hasOwnProperty.call(NAMED, ref)) throw new XmlRefused('undefined entity');
    return NAMED[ref];
  });
}

/** Raw content of a stop node: CDATA unwrapped, entities decoded; markup inside is refused. */
function decodeRaw(raw: string): string {
  let text = '';
  for (const part of raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)) {
    if (part.startsWith('<![CDATA[')) text += part.slice(9, -3);
    else if (part.includes('<')) throw new XmlRefused('markup inside a base64 element');
    else text += decodeText(part);
  }
  return text;
}

function countTags(text: string, max: number): boolean {
  let n = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) if (++n > max) return true;
  return false;
}

function nameOf(node: Ordered): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#cdata');
}

function split(qname: string): [string, string] {
  const at = qname.indexOf(':');
  return at === -1 ? ['', qname] : [qname.slice(0, at), qname.slice(at + 1)];
}

function cdataText(nodes: Ordered[]): string {
  return nodes.map((n) => (typeof n['#text'] === 'string' ? n['#text'] : '')).join('');
}

/** One ordered node to an element, resolving prefixes in `scope` (prefix '' = default namespace). */
function build(qname: string, node: Ordered, scope: ReadonlyMap<string, string>): XmlElement {
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const local = new Map(scope);
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttrs)) {
    const attr = key.slice(2);
    if (attr === 'xmlns') local.set('', decodeText(value));
    else if (attr.startsWith('xmlns:')) local.set(attr.slice(6), decodeText(value));
    else attrs[attr] = decodeText(value);
  }
  const [prefix, name] = split(qname);
  const ns = local.get(prefix);
  if (ns === undefined) throw new XmlRefused('an element uses an undeclared namespace prefix');
  const el: XmlElement = { name, ns, attrs, children: [], text: '' };
  const raw = RAW_LEAVES.includes(name);
  for (const child of node[qname] as Ordered[]) {
    if (typeof child['#text'] === 'string') el.text += raw ? decodeRaw(child['#text']) : decodeText(child['#text']);
    else if (Array.isArray(child['#cdata'])) el.text += cdataText(child['#cdata'] as Ordered[]);
    else {
      const childName = nameOf(child);
      if (childName !== undefined && !childName.startsWith('?')) el.children.push(build(childName, child, local));
    }
  }
  return el;
}

/** The document element of `text`, or throws `XmlRefused`. */
export function readXml(text: string, limits: ReadXmlLimits): XmlElement {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw new XmlRefused('the document is too large');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlRefused('DOCTYPE and ENTITY declarations are not allowed');
  if (countTags(text, limits.maxTags)) throw new XmlRefused('the document has too many elements');
  if (XMLValidator.validate(text) !== true) throw new XmlRefused('the document is not well-formed XML');
  if (nestsDeeperThan(text, limits.maxDepth)) throw new XmlRefused('the document nests too deep');
  let doc: Ordered[];
  try {
    doc = parser.parse(text) as Ordered[];
  } catch {
    throw new XmlRefused('the document could not be parsed');
  }
  const roots = doc.filter((n) => !nameOf(n)?.startsWith('?'));
  const rootName = roots.length === 1 ? nameOf(roots[0]) : undefined;
  if (rootName === undefined) throw new XmlRefused('the document has no single root element');
  return build(rootName, roots[0], new Map([['', ''], ['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

/** The first child with this local name (any namespace). */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name) ?? [];
}

/** The text of the first child with this local name, or undefined when there is no such child. */
export function textOf(el: XmlElement | undefined, name: string): string | undefined {
  return child(el, name)?.text;
}
