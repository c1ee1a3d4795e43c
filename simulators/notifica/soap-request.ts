import { NOTIFICA_NS } from '../../src/connectors/notifica/remesa';
import { readXml, XmlRefused, type XmlElement } from './xml-read';
import { SOAP11_NS } from './xml-write';

/**
 * Reads one request to the simulated Notific@: a SOAP 1.1 envelope whose Header may carry the
 * `apiKey` element in the v2 namespace (reference §1.3; other header entries, such as a
 * UsernameToken, are ignored) and whose Body's first element is the operation.
 */

/** A remesa carries its document inline as base64; the real service's limit is not public. */
export const MAX_REQUEST_BYTES = 30 * 1024 * 1024;
const LIMITS = { maxBytes: MAX_REQUEST_BYTES, maxDepth: 32, maxTags: 50_000 };

export interface SoapRequest {
  /** The Body's first element. */
  operation: XmlElement;
  /** The `apiKey` header's text, trimmed; undefined when there is none. */
  apiKey?: string;
}

/** Throws `XmlRefused` (its message is safe to answer) for anything that is not such an envelope. */
export function readSoapRequest(text: string): SoapRequest {
  const root = readXml(text, LIMITS);
  if (root.name !== 'Envelope' || root.ns !== SOAP11_NS) throw new XmlRefused('the request is not a SOAP 1.1 envelope');
  const body = root.children.find((c) => c.name === 'Body' && c.ns === SOAP11_NS);
  const operation = body?.children[0];
  if (operation === undefined) throw new XmlRefused('the SOAP Body is empty');
  const header = root.children.find((c) => c.name === 'Header' && c.ns === SOAP11_NS);
  const key = header?.children.find((c) => c.name === 'apiKey' && c.ns === NOTIFICA_NS.v2);
  return key === undefined ? { operation } : { operation, apiKey: key.text.trim() };
}
