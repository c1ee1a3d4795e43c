/**
 * The XML the simulator writes: SOAP 1.1 envelopes around document/literal answers whose
 * children are qualified with one prefix (elementFormDefault="qualified", reference §1.2),
 * and SOAP 1.1 faults.
 */

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A child: `[name, text]`, `[name, children]`, or undefined (left out, for optional elements). */
export type Node = [string, string | Node[]] | undefined;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Serialise children in order, each name prefixed with `prefix` (`''`: unqualified). */
export function serialize(nodes: Node[], prefix: string): string {
  const p = prefix === '' ? '' : `${prefix}:`;
  return nodes
    .filter((n): n is [string, string | Node[]] => n !== undefined)
    .map(([name, content]) => `<${p}${name}>${typeof content === 'string' ? escapeXml(content) : serialize(content, prefix)}</${p}${name}>`)
    .join('');
}

/** `<prefix:root xmlns:prefix="ns">children</prefix:root>`; children unqualified when `qualified` is false. */
export function rootElement(root: string, ns: string, prefix: string, children: Node[], qualified = true): string {
  return `<${prefix}:${root} xmlns:${prefix}="${escapeXml(ns)}">${serialize(children, qualified ? prefix : '')}</${prefix}:${root}>`;
}

/** A SOAP 1.1 envelope; `header` is raw XML inside soapenv:Header (none when empty). */
export function envelope(body: string, header = ''): string {
  return '<?xml version="1.0" encoding="utf-8"?>'
    + `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}">`
    + (header === '' ? '' : `<soapenv:Header>${header}</soapenv:Header>`)
    + `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

export type FaultCode = 'soapenv:Client' | 'soapenv:Server';

/** A SOAP 1.1 fault envelope; `reason` is escaped and cut to 500 characters. */
export function faultEnvelope(code: FaultCode, reason: string): string {
  return envelope(`<soapenv:Fault><faultcode>${code}</faultcode><faultstring>${escapeXml(reason.slice(0, 500))}</faultstring></soapenv:Fault>`);
}
