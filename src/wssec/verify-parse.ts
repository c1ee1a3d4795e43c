import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { type ErrorDef, Errors, PasarelaError } from '../core/errors';
import { DS_NS, SOAP11_NS, SOAP12_NS, WSU_NS } from './namespaces';
import { prescan } from './verify-prescan';

/** The SOAP envelope of a message to verify: its root and the two children that matter. */
export interface ParsedEnvelope {
  doc: Document;
  envelope: Element;
  soapNs: string;
  header: Element | null;
  body: Element;
}

/** What one walk over the whole document found: every signature part and every Id. */
export interface DocumentScan {
  signatures: Element[];
  signedInfos: Element[];
  /** `wsu:Id` / `Id` value -> the element carrying it. */
  ids: Map<string, Element>;
  /** The first Id value carried by two different elements, if any. */
  duplicateId?: string;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PROCESSING_INSTRUCTION = 7;
const COMMENT = 8;
const DOCUMENT_TYPE = 10;

/** Throws the catalog error `def` with a human reason. */
export function fail(def: ErrorDef, reason: string, cause?: unknown): never {
  throw new PasarelaError(def, reason, cause === undefined ? {} : { cause });
}

/**
 * Size limit and DOCTYPE ban on the raw text, then a strict parse (any parser warning or
 * error rejects) and the SOAP envelope shape: root Envelope (1.1 or 1.2) holding an optional
 * Header followed by exactly one Body, nothing else.
 */
export function parseEnvelope(xml: string, maxBytes: number): ParsedEnvelope {
  if (typeof xml !== 'string') fail(Errors.WSSEC_MALFORMED, 'the message is not text');
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap test goes first.
  if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
    fail(Errors.WSSEC_TOO_LARGE, `the message is larger than ${maxBytes} bytes`);
  }
  if (xml.includes('<!DOCTYPE')) fail(Errors.WSSEC_DOCTYPE, 'the message contains a DOCTYPE declaration');
  prescan(xml);
  // Buffer#toString keeps a UTF-8 byte-order mark that TextDecoder would have dropped.
  const doc = strictParse(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml);
  const envelope = checkPrologue(doc);
  return { doc, envelope, soapNs: envelope.namespaceURI as string, ...envelopeChildren(envelope) };
}

function strictParse(xml: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${String(message)}`);
    },
  });
  try {
    return parser.parseFromString(xml, 'text/xml');
  } catch (err) {
    return fail(Errors.WSSEC_MALFORMED, 'the message is not well-formed XML', err);
  }
}

/** Only the root element, comments and the XML declaration may sit at document level. */
function checkPrologue(doc: Document): Element {
  for (let n = doc.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === DOCUMENT_TYPE) fail(Errors.WSSEC_DOCTYPE, 'the message contains a DOCTYPE declaration');
    if (n.nodeType === PROCESSING_INSTRUCTION && !(n === doc.firstChild && n.nodeName === 'xml')) {
      fail(Errors.WSSEC_MALFORMED, 'processing instructions are not allowed in a SOAP message');
    }
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'Envelope' || (root.namespaceURI !== SOAP11_NS && root.namespaceURI !== SOAP12_NS)) {
    fail(Errors.WSSEC_MALFORMED, 'the root element is not a SOAP 1.1 or 1.2 Envelope');
  }
  return root;
}

function envelopeChildren(envelope: Element): { header: Element | null; body: Element } {
  const children = elementChildren(envelope, 'the Envelope');
  const ns = envelope.namespaceURI;
  const isSoap = (el: Element | undefined, name: string) => el !== undefined && el.namespaceURI === ns && el.localName === name;
  const header = isSoap(children[0], 'Header') ? (children.shift() as Element) : null;
  if (children.length !== 1 || !isSoap(children[0], 'Body')) {
    fail(Errors.WSSEC_MALFORMED, 'the Envelope must hold an optional Header followed by exactly one Body and nothing else');
  }
  return { header, body: children[0] as Element };
}

/**
 * The element children of `parent`; text other than whitespace between them is refused, as
 * it is in every container element of SOAP, WS-Security and XML-DSig.
 */
export function elementChildren(parent: Element, what: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === ELEMENT) out.push(n as Element);
    else if ((n.nodeType === TEXT || n.nodeType === CDATA) && !isBlank(n)) {
      fail(Errors.WSSEC_MALFORMED, `${what} contains unexpected text`);
    }
  }
  return out;
}

function isBlank(n: Node): boolean {
  return /^[ \t\r\n]*$/.test((n as unknown as { data: string }).data);
}

/**
 * One iterative walk over every element: signatures, SignedInfos, Ids (`wsu:Id` and
 * unqualified `Id`) and duplicates. Processing instructions anywhere are refused
 * (SOAP 1.1 §3 and SOAP 1.2 part 1 §5 forbid them).
 */
export function scanDocument(root: Element): DocumentScan {
  const scan: DocumentScan = { signatures: [], signedInfos: [], ids: new Map() };
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.nodeType === PROCESSING_INSTRUCTION) {
      fail(Errors.WSSEC_MALFORMED, 'processing instructions are not allowed in a SOAP message');
    }
    if (node.nodeType !== ELEMENT) continue;
    const el = node as Element;
    if (el.namespaceURI === DS_NS && el.localName === 'Signature') scan.signatures.push(el);
    if (el.namespaceURI === DS_NS && el.localName === 'SignedInfo') scan.signedInfos.push(el);
    recordIds(el, scan);
    for (let c = el.lastChild; c !== null; c = c.previousSibling) if (c.nodeType !== TEXT && c.nodeType !== COMMENT) stack.push(c);
  }
  return scan;
}

function recordIds(el: Element, scan: DocumentScan): void {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (!a || a.localName !== 'Id' || (a.namespaceURI !== null && a.namespaceURI !== WSU_NS)) continue;
    const seen = scan.ids.get(a.value);
    if (seen === undefined) scan.ids.set(a.value, el);
    else if (seen !== el && scan.duplicateId === undefined) scan.duplicateId = a.value;
  }
}
