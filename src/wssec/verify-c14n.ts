import type { Attr, Element, Node } from '@xmldom/xmldom';
import { Errors, PasarelaError } from '../core/errors';
import { XMLNS_NS } from './namespaces';

/** Namespace prefixes ('' = default) already rendered by output ancestors, with their URIs. */
type RenderedNs = ReadonlyMap<string, string>;

type Frame = { node: Node; ns: RenderedNs } | { close: string };

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PROCESSING_INSTRUCTION = 7;
const COMMENT = 8;

/**
 * Exclusive XML Canonicalization 1.0 without comments (`http://www.w3.org/2001/10/xml-exc-c14n#`)
 * of one element and its subtree, as the digest of a same-document `#id` reference or of
 * `SignedInfo` needs it. `inclusivePrefixes` is the `InclusiveNamespaces/@PrefixList`
 * (`#default` names the default namespace). Iterative, so a deep hostile tree cannot exhaust
 * the stack.
 */
export function excC14n(apex: Element, inclusivePrefixes: readonly string[] = []): string {
  const inclusive = inclusivePrefixes.map((p) => (p === '#default' ? '' : p));
  const out: string[] = [];
  const stack: Frame[] = [{ node: apex, ns: new Map() }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if ('close' in frame) {
      out.push(frame.close);
      continue;
    }
    const node = frame.node;
    switch (node.nodeType) {
      case ELEMENT: {
        const el = node as Element;
        const ns = renderStartTag(el, frame.ns, inclusive, out);
        stack.push({ close: `</${el.nodeName}>` });
        for (let c = el.lastChild; c !== null; c = c.previousSibling) stack.push({ node: c, ns });
        break;
      }
      case TEXT:
      case CDATA:
        out.push(escapeText((node as unknown as { data: string }).data));
        break;
      case COMMENT:
        // Exclusive c14n drops comments, so one injected into signed text leaves the digest
        // intact while a DOM reader downstream may see the text split. Signed SOAP content has
        // no reason to carry comments: refuse them.
        throw new PasarelaError(Errors.WSSEC_COMMENT_IN_SIGNED_CONTENT, 'A comment inside signed content is not accepted');
      case PROCESSING_INSTRUCTION: {
        const data = (node as unknown as { data: string }).data;
        out.push(`<?${node.nodeName}${data === '' ? '' : ' ' + data}?>`);
        break;
      }
      default:
        throw new TypeError(`cannot canonicalise a node of type ${node.nodeType}`);
    }
  }
  return out.join('');
}

/** Writes `<name ns-decls attrs>` and returns the namespaces rendered in scope for the children. */
function renderStartTag(el: Element, rendered: RenderedNs, inclusive: readonly string[], out: string[]): RenderedNs {
  // Visibly utilised namespaces: the element's own prefix (or the default) and prefixed attributes.
  const used = new Map<string, string>([[el.prefix ?? '', el.namespaceURI ?? '']]);
  const attrs: Attr[] = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i) as Attr;
    if (a.namespaceURI === XMLNS_NS) continue;
    attrs.push(a);
    if (a.prefix && a.prefix !== 'xml') used.set(a.prefix, a.namespaceURI ?? '');
  }
  for (const p of inclusive) {
    if (used.has(p)) continue;
    const uri = el.lookupNamespaceURI(p);
    if (uri !== null || p === '') used.set(p, uri ?? '');
  }
  const decls = [...used].filter(([p, uri]) => needsDeclaration(rendered, p, uri));
  decls.sort((a, b) => compare(a[0], b[0]));
  attrs.sort((a, b) => compare(a.namespaceURI ?? '', b.namespaceURI ?? '') || compare(a.localName ?? '', b.localName ?? ''));
  out.push('<', el.nodeName);
  for (const [p, uri] of decls) out.push(p === '' ? ' xmlns="' : ` xmlns:${p}="`, escapeAttr(uri), '"');
  for (const a of attrs) out.push(' ', a.nodeName, '="', escapeAttr(a.value), '"');
  out.push('>');
  if (decls.length === 0) return rendered;
  const next = new Map(rendered);
  for (const [p, uri] of decls) next.set(p, uri);
  return next;
}

/** xmlns="" is only needed to undo a default namespace an output ancestor rendered. */
function needsDeclaration(rendered: RenderedNs, prefix: string, uri: string): boolean {
  if (prefix === '') return (rendered.get('') ?? '') !== uri;
  return uri !== '' && rendered.get(prefix) !== uri;
}

/** Code-unit order, as the canonical XML recommendation requires (not locale order). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;',
};

function escapeText(s: string): string {
  return /[&<>\r]/.test(s) ? s.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] as string) : s;
}

function escapeAttr(s: string): string {
  return /[&<"\t\n\r]/.test(s) ? s.replace(/[&<"\t\n\r]/g, (c) => ATTR_ESCAPES[c] as string) : s;
}
