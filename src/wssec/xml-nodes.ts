import { XML_NS } from './namespaces';
import { malformed } from './xml-text';

/** The parsed document model of `xml-tree.ts` and its namespace resolution. */

export interface XmlAttr {
  name: string;
  prefix: string;
  local: string;
  /** Namespace URI, '' when unqualified. */
  uri: string;
  /** Decoded, normalised value. */
  value: string;
}

export interface XmlText {
  kind: 'text';
  value: string;
}

export interface XmlPi {
  kind: 'pi';
  target: string;
  data: string;
}

export interface XmlElement {
  kind: 'element';
  name: string;
  prefix: string;
  local: string;
  uri: string;
  attrs: XmlAttr[];
  /** Namespace declarations made on this element: prefix ('' = default) -> URI. */
  ns: Map<string, string> | null;
  parent: XmlElement | null;
  children: XmlNode[];
  /** Offset of '<'. */
  start: number;
  /** Offset of the '>' ending the start tag, or of the '/' of '/>'. */
  tagEnd: number;
  selfClosing: boolean;
  /** Offset of '</' of the end tag; -1 when self-closing. */
  closeStart: number;
}

export type XmlNode = XmlElement | XmlText | XmlPi;

/** Resolves `prefix` in the scope of `el` ('' = default namespace); undefined when unbound. */
export function lookupNamespace(el: XmlElement | null, prefix: string): string | undefined {
  if (prefix === 'xml') return XML_NS;
  for (let e = el; e; e = e.parent) {
    const uri = e.ns?.get(prefix);
    if (uri !== undefined) return uri;
  }
  return undefined;
}

function split(name: string): [string, string] {
  const colon = name.indexOf(':');
  return colon < 0 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** Builds an element from its raw attributes: namespace declarations apart, every prefix resolved. */
export function resolveElement(
  name: string, raw: [string, string][], parent: XmlElement | null, start: number, tagEnd: number, selfClosing: boolean,
): XmlElement {
  let ns: Map<string, string> | null = null;
  const plain: [string, string][] = [];
  for (const [attr, value] of raw) {
    if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
      const prefix = attr === 'xmlns' ? '' : attr.slice(6);
      checkDeclaration(prefix, value);
      ns ??= new Map();
      if (ns.has(prefix)) throw malformed(`duplicate attribute ${attr}`);
      ns.set(prefix, value);
    } else plain.push([attr, value]);
  }
  const [prefix, local] = split(name);
  const el: XmlElement = {
    kind: 'element', name, prefix, local, uri: '', attrs: [], ns, parent, children: [], start, tagEnd, selfClosing, closeStart: -1,
  };
  const uri = lookupNamespace(el, prefix);
  if (prefix && !uri) throw malformed(`prefix "${prefix}" of <${name}> is not declared`);
  el.uri = uri ?? '';
  const seen = new Set<string>();
  for (const [attrName, value] of plain) {
    const [p, l] = split(attrName);
    const attrUri = p ? lookupNamespace(el, p) : '';
    if (attrUri === undefined) throw malformed(`prefix "${p}" of attribute ${attrName} is not declared`);
    const key = `${attrUri} ${l}`;
    if (seen.has(key)) throw malformed(`duplicate attribute ${attrName} on <${name}>`);
    seen.add(key);
    el.attrs.push({ name: attrName, prefix: p, local: l, uri: attrUri, value });
  }
  return el;
}

function checkDeclaration(prefix: string, uri: string): void {
  if (prefix === 'xmlns') throw malformed('the xmlns prefix cannot be declared');
  if (prefix === 'xml' && uri !== XML_NS) throw malformed('the xml prefix cannot be rebound');
  if (prefix !== 'xml' && uri === XML_NS) throw malformed('the XML namespace cannot be bound to another prefix');
  if (prefix && uri === '') throw malformed(`prefix "${prefix}" is undeclared with an empty URI`);
}
