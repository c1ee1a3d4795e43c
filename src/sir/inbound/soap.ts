import { XMLParser } from 'fast-xml-parser';
import { Errors, PasarelaError } from '../../core/errors';

/** Largest SOAP request the inbound SIR endpoints read (a fichero with 15 MiB of annexes, escaped). */
export const MAX_INBOUND_SOAP_BYTES = 32 * 1024 * 1024;

export interface SoapCall {
  /** Local name of the operation element (the Body's first child), namespace ignored. */
  operation: string;
  /** The operation's child texts in document order, names ignored (the CIR's rpc quirk). */
  params: string[];
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  preserveOrder: true,
});

type Ordered = Record<string, unknown>[];

function bad(reason: string): PasarelaError {
  return new PasarelaError(Errors.SIR_INBOUND_MALFORMED, `Not a SOAP call pasarela can read: ${reason}`, { details: { reason } });
}

/** The element children of an ordered node, as [name, children] pairs (text and comments left out). */
function elements(nodes: Ordered): [string, Ordered][] {
  const out: [string, Ordered][] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
    if (name) out.push([name, node[name] as Ordered]);
  }
  return out;
}

function textOf(nodes: Ordered): string {
  return nodes.map((n) => (typeof n['#text'] === 'string' ? n['#text'] : typeof n['#text'] === 'number' ? String(n['#text']) : '')).join('');
}

/**
 * Read a SOAP 1.1/1.2 request leniently, as the CIR sends them: the operation by local name,
 * its parameters by position. Refuses DOCTYPEs (no entity expansion) and oversized bodies.
 */
export function readSoapCall(body: string): SoapCall {
  if (Buffer.byteLength(body, 'utf8') > MAX_INBOUND_SOAP_BYTES) throw bad('too large');
  if (/<!DOCTYPE/i.test(body)) throw bad('DOCTYPE declarations are not allowed');
  let doc: Ordered;
  try {
    doc = parser.parse(body) as Ordered;
  } catch (e) {
    throw new PasarelaError(Errors.SIR_INBOUND_MALFORMED, 'The SOAP request is not well-formed XML', { cause: e, details: { reason: 'not-well-formed' } });
  }
  const envelope = elements(doc).find(([name]) => name === 'Envelope');
  if (!envelope) throw bad('no SOAP Envelope');
  const soapBody = elements(envelope[1]).find(([name]) => name === 'Body');
  if (!soapBody) throw bad('no SOAP Body');
  const [operation] = elements(soapBody[1]);
  if (!operation) throw bad('an empty SOAP Body');
  return { operation: operation[0], params: elements(operation[1]).map(([, children]) => textOf(children)) };
}

/** Markup characters only: what the CIR's clients read back is the text as written. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A SOAP 1.1 fault (`Client`: the caller's request is wrong; `Server`: ours, call again). */
export function soapFault(kind: 'Client' | 'Server', reason: string): string {
  return '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
    + `<soapenv:Body><soapenv:Fault><faultcode>soapenv:${kind}</faultcode><faultstring>${escape(reason.slice(0, 500))}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}

/** The `RespuestaWS` answer of `operation`, its fields in `ns` (per service, reference §6). */
export function respuestaEnvelope(operation: string, codigo: string, descripcion: string, ns = 'http://bean.cct.map.es'): string {
  return '<?xml version="1.0" encoding="utf-8"?>'
    + '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
    + `<${operation}Response xmlns="http://impl.manager.cct.map.es"><${operation}Return>`
    + `<codigo xmlns="${ns}">${escape(codigo)}</codigo>`
    + `<descripcion xmlns="${ns}">${escape(descripcion.slice(0, 1000))}</descripcion>`
    + `</${operation}Return></${operation}Response></soapenv:Body></soapenv:Envelope>`;
}
