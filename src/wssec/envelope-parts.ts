import { Errors, PasarelaError } from '../core/errors';
import { SOAP11_NS, SOAP12_NS, WSSE_NS } from './namespaces';
import { lookupNamespace, parseXml, type XmlElement } from './xml-tree';

/** The parts of a SOAP envelope the signer works on, with their source offsets. */
export interface EnvelopeParts {
  /** The input after line-end normalisation: every offset refers to this string. */
  xml: string;
  envelope: XmlElement;
  soapNs: typeof SOAP11_NS | typeof SOAP12_NS;
  header: XmlElement | null;
  body: XmlElement;
  /** The wsse:Security header addressed to the ultimate receiver (no actor/role), if present. */
  security: XmlElement | null;
}

/**
 * Parses a SOAP 1.1 or 1.2 envelope and locates Header, Body and wsse:Security. Throws
 * WSSEC_DOCTYPE for a DOCTYPE and WSSEC_MALFORMED for anything that is not one well-formed
 * envelope with exactly one Body.
 */
export function envelopeParts(input: string): EnvelopeParts {
  const xml = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const envelope = parseXml(xml);
  const soapNs = envelope.uri;
  if (envelope.local !== 'Envelope' || (soapNs !== SOAP11_NS && soapNs !== SOAP12_NS)) {
    throw notEnvelope(`the root element is {${envelope.uri}}${envelope.local}, not a SOAP 1.1 or 1.2 Envelope`);
  }
  const header = onlyChild(envelope, soapNs, 'Header');
  const body = onlyChild(envelope, soapNs, 'Body');
  if (!body) throw notEnvelope('the Envelope has no Body');
  if (header && header.start > body.start) throw notEnvelope('the Header comes after the Body');
  return { xml, envelope, soapNs, header, body, security: header ? ultimateReceiverSecurity(header, soapNs) : null };
}

function notEnvelope(reason: string): PasarelaError {
  return new PasarelaError(Errors.WSSEC_MALFORMED, `The message is not a SOAP envelope: ${reason}`);
}

/** The element children of `el` named {uri}local. */
export function childElements(el: XmlElement, uri: string, local: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element' && c.local === local && c.uri === uri) found.push(c);
  return found;
}

function onlyChild(el: XmlElement, uri: string, local: string): XmlElement | null {
  const found = childElements(el, uri, local);
  if (found.length > 1) throw notEnvelope(`the Envelope has ${found.length} ${local} elements`);
  return found[0] ?? null;
}

function ultimateReceiverSecurity(header: XmlElement, soapNs: string): XmlElement | null {
  const targeted = (s: XmlElement) => s.attrs.some((a) => a.uri === soapNs && (a.local === 'actor' || a.local === 'role'));
  return childElements(header, WSSE_NS, 'Security').find((s) => !targeted(s)) ?? null;
}

/** A prefix bound to `uri` in the scope of `el` (not shadowed), or undefined. Never the default namespace. */
export function prefixFor(el: XmlElement, uri: string): string | undefined {
  for (let e: XmlElement | null = el; e; e = e.parent) {
    if (!e.ns) continue;
    for (const [prefix, bound] of e.ns) {
      if (prefix && bound === uri && lookupNamespace(el, prefix) === uri) return prefix;
    }
  }
  return undefined;
}
