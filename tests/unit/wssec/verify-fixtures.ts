import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Signed envelopes for the verifier's tests, made by independent signers: xmlsec1 from a
 * WS-Security template, and node-soap's own WSSecurityCert. Nothing here uses our signer.
 */

export const NS = {
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  x509v3: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3',
  base64: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary',
};

export const SAMPLE_BODY = '<sir:Enviar xmlns:sir="urn:example:sir"><sir:Asunto>Solicitud de licencia &amp; tasa</sir:Asunto>'
  + '<sir:Importe moneda="EUR">120.50</sir:Importe></sir:Enviar>';

export interface TemplateOptions {
  certPem: string;
  created: Date;
  expires: Date;
  soap12?: boolean;
  /** Content of the Body. */
  body?: string;
  /** Reference URIs, without '#'. @defaultValue ['body-1', 'ts-1'] */
  refs?: string[];
  /** Include a wsu:Timestamp. @defaultValue true */
  timestamp?: boolean;
  /** Raw header blocks placed before wsse:Security. */
  extraHeaders?: string;
  /** InclusiveNamespaces PrefixList on every exc-c14n algorithm. */
  prefixList?: string;
  /** Algorithm URIs to put in the template instead of the allowed ones. */
  signatureMethod?: string;
  digestMethod?: string;
}

export function certBase64(pem: string): string {
  return pem.replace(/-----[^-]+-----|\s/g, '');
}

export function xsd(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A WS-Security envelope with empty DigestValue/SignatureValue, ready for `xmlsec1 --sign`. */
export function wsTemplate(o: TemplateOptions): string {
  const soap = o.soap12 ? NS.soap12 : NS.soap11;
  const params = o.prefixList ? `<ec:InclusiveNamespaces xmlns:ec="${NS.excC14n}" PrefixList="${o.prefixList}"/>` : '';
  const c14n = `Algorithm="${NS.excC14n}"`;
  const ref = (uri: string) => `<ds:Reference URI="#${uri}"><ds:Transforms><ds:Transform ${c14n}>${params}</ds:Transform></ds:Transforms>`
    + `<ds:DigestMethod Algorithm="${o.digestMethod ?? NS.sha256}"/><ds:DigestValue></ds:DigestValue></ds:Reference>`;
  const timestamp = o.timestamp === false ? ''
    : `<wsu:Timestamp wsu:Id="ts-1"><wsu:Created>${xsd(o.created)}</wsu:Created><wsu:Expires>${xsd(o.expires)}</wsu:Expires></wsu:Timestamp>`;
  return `<soap:Envelope xmlns:soap="${soap}" xmlns:wsu="${NS.wsu}"><soap:Header>${o.extraHeaders ?? ''}`
    + `<wsse:Security xmlns:wsse="${NS.wsse}" soap:mustUnderstand="${o.soap12 ? 'true' : '1'}">`
    + `<wsse:BinarySecurityToken EncodingType="${NS.base64}" ValueType="${NS.x509v3}" wsu:Id="x509-1">${certBase64(o.certPem)}</wsse:BinarySecurityToken>`
    + timestamp
    + `<ds:Signature xmlns:ds="${NS.ds}"><ds:SignedInfo><ds:CanonicalizationMethod ${c14n}>${params}</ds:CanonicalizationMethod>`
    + `<ds:SignatureMethod Algorithm="${o.signatureMethod ?? NS.rsaSha256}"/>${(o.refs ?? ['body-1', 'ts-1']).map(ref).join('')}</ds:SignedInfo>`
    + '<ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><wsse:SecurityTokenReference>'
    + `<wsse:Reference URI="#x509-1" ValueType="${NS.x509v3}"/></wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>`
    + `</wsse:Security></soap:Header><soap:Body wsu:Id="body-1">${o.body ?? SAMPLE_BODY}</soap:Body></soap:Envelope>`;
}

/** Element names (`namespace:local`) whose `Id` attribute xmlsec1 must register. */
export function idNodes(soap12 = false, extra: string[] = []): string[] {
  return [`${soap12 ? NS.soap12 : NS.soap11}:Body`, `${NS.wsu}:Timestamp`, `${NS.wsse}:BinarySecurityToken`, ...extra];
}

/** Signs a template with `xmlsec1 --sign` and the given private key file. */
export function signWithXmlsec(template: string, keyFile: string, ids: string[] = idNodes()): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-xmlsec-'));
  try {
    const file = path.join(dir, 'template.xml');
    writeFileSync(file, template);
    const idArgs = ids.flatMap((node) => ['--id-attr:Id', node]);
    return execFileSync('xmlsec1', ['--sign', '--privkey-pem', keyFile, ...idArgs, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Times relative to `now`, in seconds. */
export function around(now: Date, createdOffset: number, ttl = 300): { created: Date; expires: Date } {
  const created = new Date(now.getTime() + createdOffset * 1000);
  return { created, expires: new Date(created.getTime() + ttl * 1000) };
}
