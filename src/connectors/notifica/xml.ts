import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { nestsDeeperThan } from '../../sir/xml-depth';
import { NOTIFICA_NS } from './remesa';

/**
 * SOAP plumbing shared by the Notific@ client and our AdviserWsV2 endpoint: envelopes with the
 * `apiKey` header, and a hardened reader (no DOCTYPE, bounded size and depth) that gives the
 * Body's operation by local name with its children keyed by local name, whatever prefixes or
 * namespaces (or none) they carry: notib's callbacks come with unqualified children (§2.7).
 */

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** Largest SOAP message read: an acuse PDF or an answer with a certificate, base64. */
export const MAX_SOAP_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 32;
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

export interface SoapMessage {
  /** Local name of the Body's first element. */
  operation: string;
  /** Its children, by local name. */
  body: Record<string, XmlNode | XmlNode[]>;
  fault?: { code: string; string: string };
  /** Header children by local name (text only), e.g. apiKey. */
  headers: Record<string, string>;
}

export class SoapReadError extends Error {}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Base64 documents (an acuse, a certificate) are read as they are, not character by character:
  // 3.6× faster on a 100 KiB acuse (BENCHMARKS.md, Notific@ callbacks). Base64 holds no markup.
  stopNodes: ['*.contenido', '*.contenidoCertificacion'],
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true, processEntities: true });

function asRecord(v: unknown): Record<string, XmlNode | XmlNode[]> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, XmlNode | XmlNode[]>) : {};
}

/** Read a SOAP 1.1 message. Throws SoapReadError (with a short public reason) on anything else. */
export function readSoap(text: string): SoapMessage {
  if (Buffer.byteLength(text, 'utf8') > MAX_SOAP_BYTES) throw new SoapReadError('the message is too large');
  if (/<!DOCTYPE/i.test(text)) throw new SoapReadError('DOCTYPE declarations are not allowed');
  if (nestsDeeperThan(text, MAX_DEPTH)) throw new SoapReadError('the message nests too deep');
  // XML 1.0 allows none of these; text carrying them would also make our answer invalid XML.
  if (FORBIDDEN_CHARS.test(text)) throw new SoapReadError('the message holds characters XML does not allow');
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text, true) as Record<string, unknown>;
  } catch {
    throw new SoapReadError('the message is not well-formed XML');
  }
  const envelope = asRecord(doc.Envelope);
  const body = asRecord(envelope.Body);
  const headers = Object.fromEntries(Object.entries(asRecord(envelope.Header)).map(([k, v]) => [k, textOf(v)]));
  const fault = asRecord(body.Fault);
  if (body.Fault !== undefined) return { operation: 'Fault', body: fault, headers, fault: { code: textOf(fault.faultcode), string: textOf(fault.faultstring).slice(0, 300) } };
  const operation = Object.keys(body).find((k) => !k.startsWith('@_') && k !== '#text');
  if (!operation) throw new SoapReadError(envelope.Body === undefined ? 'no SOAP Envelope/Body' : 'an empty SOAP Body');
  return { operation, body: asRecord(body[operation]), headers };
}

/** The text of a node (the first, for repeated elements); '' when absent. */
export function textOf(v: unknown): string {
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (v !== null && typeof v === 'object' && '#text' in v) return textOf((v as Record<string, unknown>)['#text']);
  return '';
}

/** A repeated element as a list (fast-xml-parser gives one occurrence as a plain value). */
export function listOf(v: unknown): XmlNode[] {
  if (v === undefined || v === '') return [];
  return Array.isArray(v) ? (v as XmlNode[]) : [v as XmlNode];
}

export function child(v: unknown, name: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
}

/** An element tree (`{'x:a': {...}}`, attributes as `@_name`, text as `#text`) as XML, escaped. */
export function buildXml(tree: Record<string, unknown>): string {
  return builder.build(tree) as string;
}

/** A SOAP 1.1 request envelope around `bodyXml`, with Notific@'s `apiKey` header when given. */
export function soapEnvelope(bodyXml: string, apiKey?: string): string {
  const header = apiKey === undefined ? '<soapenv:Header/>' : `<soapenv:Header>${buildXml({ 'v2:apiKey': apiKey })}</soapenv:Header>`;
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:v2="${NOTIFICA_NS.v2}">${header}<soapenv:Body>${bodyXml}</soapenv:Body></soapenv:Envelope>`;
}

/** A SOAP 1.1 fault (`Client`: the caller's request is wrong; `Server`: ours, call again). */
export function soapFaultXml(kind: 'Client' | 'Server', reason: string): string {
  const fault = buildXml({ 'soapenv:Fault': { faultcode: `soapenv:${kind}`, faultstring: reason.slice(0, 500) } });
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}"><soapenv:Body>${fault}</soapenv:Body></soapenv:Envelope>`;
}
