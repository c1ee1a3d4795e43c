import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Safe parsing of an untrusted `registro` into a small ordered tree. Hardening follows
 * reference/packages.md §2.3: DOCTYPE refused before parsing, size and depth bounded,
 * well-formedness checked with `XMLValidator`, values never type-converted. Entity references
 * are decoded here in one pass (the five XML ones and numeric references) so nothing is decoded
 * twice and an undefined entity is an error, as it is for any XML processor without a DTD.
 */

/** An element: its name, child elements in document order, and its own text. */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** Thrown for input that is not a safe, well-formed XML document. */
export class XmlRejected extends Error {}

/** Largest `registro` accepted, in bytes (SIR's own limit is 15 MiB of annexes per entry). */
export const MAX_REGISTRO_BYTES = 20 * 1024 * 1024;
const MAX_DEPTH = 64;

/**
 * base64Binary leaves of SICRES 3 are read raw (stop nodes): fast-xml-parser spends seconds on a
 * single 14 MB text node otherwise. Raw content keeps any markup, which the base64 check rejects.
 */
const BASE64_ELEMENTS = ['Anexo', 'Firma_Documento', 'Certificado', 'TimeStamp', 'Validacion_OCSP_Certificado', 'Timestamp_Entrada', 'Hash'];

const parser = new XMLParser({
  stopNodes: BASE64_ELEMENTS.map((name) => `*.${name}`),
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  maxNestedTags: MAX_DEPTH,
});

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeReference(ref: string): string {
  if (ref.startsWith('#')) {
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlRejected(`invalid character reference &${ref};`);
    }
    return String.fromCodePoint(code);
  }
  if (!Object.prototype.hasOwnProperty.call(NAMED, ref)) throw new XmlRejected(`undefined entity &${ref};`);
  return NAMED[ref];
}

function decodeText(text: string): string {
  return text.replace(/&([^;&\s<]{1,32});/g, (_, ref: string) => decodeReference(ref));
}

type Ordered = Record<string, unknown>;

function toNode(name: string, items: Ordered[]): XmlNode {
  const node: XmlNode = { name, children: [], text: '' };
  for (const item of items) {
    const key = Object.keys(item).find((k) => k !== ':@');
    if (key === undefined || key.startsWith('?')) continue;
    const value = item[key];
    if (key === '#text') node.text += decodeText(String(value));
    else if (key === '#cdata') node.text += (value as Ordered[]).map((t) => String(t['#text'] ?? '')).join('');
    else node.children.push(toNode(key, value as Ordered[]));
  }
  return node;
}

/** Parse `xml` into its root element, or throw `XmlRejected` with a short reason. */
export function parseXmlTree(xml: string): XmlNode {
  if (xml.trim() === '') throw new XmlRejected('the document is empty');
  if (Buffer.byteLength(xml, 'utf8') > MAX_REGISTRO_BYTES) throw new XmlRejected('the document exceeds 20 MiB');
  if (/<!DOCTYPE/i.test(xml)) throw new XmlRejected('DOCTYPE declarations are not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlRejected(`not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  let items: Ordered[];
  try {
    items = parser.parse(xml) as Ordered[];
  } catch (e) {
    throw new XmlRejected(`not parseable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const roots = items.filter((i) => Object.keys(i).some((k) => !k.startsWith('?') && k !== ':@' && k !== '#text'));
  if (roots.length !== 1) throw new XmlRejected('the document must have exactly one root element');
  const name = Object.keys(roots[0]).find((k) => k !== ':@')!;
  return toNode(name, roots[0][name] as Ordered[]);
}
