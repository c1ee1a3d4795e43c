import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPasarelaError } from '../../../src/core/errors';
import { SOAP11_NS, SOAP12_NS, WSU_NS } from '../../../src/wssec/namespaces';

/** Envelopes the signer tests and the xmlsec1 interoperability tests share. */
export const ENVELOPES: Record<string, string> = {
  'SOAP 1.1 without a Header':
    `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><m:ping xmlns:m="urn:example">hola</m:ping></soap:Body></soap:Envelope>`,
  'SOAP 1.1 with a Header holding other blocks':
    `<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="${SOAP11_NS}" xmlns:h="urn:headers">\n  <soap:Header>\n    <h:Trace id="t-1">abc</h:Trace>\n  </soap:Header>\n`
    + `  <soap:Body>\n    <m:ping xmlns:m="urn:example">hola</m:ping>\n  </soap:Body>\n</soap:Envelope>\n`,
  'SOAP 1.2': `<env:Envelope xmlns:env="${SOAP12_NS}"><env:Header/><env:Body><m:ping xmlns:m="urn:example">hola</m:ping></env:Body></env:Envelope>`,
  'nested namespaces declared on the Envelope and unused ones':
    `<s:Envelope xmlns:s="${SOAP11_NS}" xmlns:a="urn:a" xmlns:b="urn:b" xmlns:unused="urn:unused"><s:Body><a:one><b:two a:x="1"><a:three xmlns:a="urn:a2"/></b:two></a:one></s:Body></s:Envelope>`,
  'a default namespace in the Body and its undeclaration':
    `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><req xmlns="urn:default"><item>1</item><plain xmlns=""><leaf/></plain></req></s:Body></s:Envelope>`,
  'attributes needing sorting': `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><x:e xmlns:x="urn:x" xmlns:y="urn:y" z="3" y:b="2" x:a="1" a="0" xml:lang="es"/></s:Body></s:Envelope>`,
  'text and attributes needing escaping':
    `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><t a="&lt;&amp;&quot;&#9;&#10;&#13;'>" b='"quoted"'>5 &lt; 6 &amp;&amp; 7 &gt; 6 &#13; &#x41; "q" 'a'</t></s:Body></s:Envelope>`,
  'CDATA sections': `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><t><![CDATA[<Fichero> & "x" ]]>after</t></s:Body></s:Envelope>`,
  'comments and processing instructions inside the Body':
    `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><!-- first --><t>a<!-- inner -->b<?keep  this data?></t><!-- last --></s:Body></s:Envelope>`,
  'unicode text': `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><t nombre="Begoña">Año 2024 · €20 · 日本 · 😀</t></s:Body></s:Envelope>`,
  'an unprefixed SOAP Envelope': `<Envelope xmlns="${SOAP11_NS}"><Body><ping xmlns="urn:example">hola</ping></Body></Envelope>`,
  'an empty self-closing Body': `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Header/><s:Body/></s:Envelope>`,
  'an existing Security header': `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>u</wsse:Username></wsse:UsernameToken></wsse:Security></s:Header><s:Body><t>x</t></s:Body></s:Envelope>`,
  'CRLF line ends': `<s:Envelope xmlns:s="${SOAP11_NS}">\r\n<s:Body>\r\n<t>a\r\nb</t>\r\n</s:Body>\r\n</s:Envelope>`,
};

export interface Xmlsec1Result {
  ok: boolean;
  output: string;
}

/**
 * `xmlsec1 --verify` with the signer's certificate as the only key, the Body and the Timestamp
 * registered as ID-carrying elements (their `wsu:Id` is an attribute named Id), and only
 * same-document references allowed.
 */
export function xmlsec1Verify(xml: string, certFile: string): Xmlsec1Result {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-xmlsec-'));
  try {
    const file = path.join(dir, 'signed.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmlsec1', xmlsec1VerifyArgs(xml, certFile, file), { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function xmlsec1VerifyArgs(xml: string, certFile: string, file: string): string[] {
  const soapNs = xml.includes(SOAP12_NS) ? SOAP12_NS : SOAP11_NS;
  return [
    '--verify', '--enabled-reference-uris', 'same-doc', '--pubkey-cert-pem', certFile,
    '--id-attr:Id', `${soapNs}:Body`, '--id-attr:Id', `${WSU_NS}:Timestamp`, file,
  ];
}

/** The catalog code `fn` throws with; fails the test when it returns or throws something uncoded. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isPasarelaError(err)) return err.code;
    throw err;
  }
  throw new Error('expected an error');
}
