import { createPrivateKey, createPublicKey, sign as rawSign, verify as rawVerify, X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { createTestPki } from '../tests/helpers/pki';
import { toSicresXml } from '../transforms/registry-entry-to-sicres3';
import { entryOfSize } from './e2e-registry';
import { credentialsFromPem } from '../src/wssec/keys';
import { sign } from '../src/wssec/sign';
import { createTrustStore } from '../src/wssec/trust';
import { verify } from '../src/wssec/verify';

const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

export interface WssecResult {
  envelopeBytes: number;
  signPerSecond: { ours: number; xmlCrypto: number; rawCrypto: number };
  verifyPerSecond: { ours: number; xmlCrypto: number; rawCrypto: number };
}

/** Calls per second of `fn`, run for about `ms` milliseconds after a warm-up. */
async function rate(fn: () => unknown, ms = 1500): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() - start < budget) {
    await fn();
    n++;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** A WS_SIR6_B request as pasarela sends it: a SICRES fichero (no annex) escaped into `registro`. */
function sirEnvelope(): string {
  const entry = entryOfSize(1024);
  const xml = toSicresXml(entry, 'O00009001_26_00000001').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://impl.manager.cct.map.es">' +
    `<soap:Body><tns:recepcionFicheroDeAplicacion><registro>${xml}</registro></tns:recepcionFicheroDeAplicacion></soap:Body></soap:Envelope>`
  );
}

/** The same two references signed by plain xml-crypto: the generic DOM + canonicaliser path. */
function xmlCryptoSign(envelope: string, keyPem: string, certBase64: string): string {
  const now = new Date();
  const withHeader = envelope.replace(
    '<soap:Body>',
    `<soap:Header><wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}">` +
      `<wsse:BinarySecurityToken wsu:Id="tok" ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3">${certBase64}</wsse:BinarySecurityToken>` +
      `<wsu:Timestamp><wsu:Created>${now.toISOString()}</wsu:Created><wsu:Expires>${new Date(+now + 300_000).toISOString()}</wsu:Expires></wsu:Timestamp>` +
      `</wsse:Security></soap:Header><soap:Body>`,
  );
  const sig = new SignedXml({ privateKey: keyPem, canonicalizationAlgorithm: EXC, signatureAlgorithm: RSA_SHA256 });
  sig.addReference({ xpath: "//*[local-name(.)='Body']", transforms: [EXC], digestAlgorithm: SHA256 });
  sig.addReference({ xpath: "//*[local-name(.)='Timestamp']", transforms: [EXC], digestAlgorithm: SHA256 });
  sig.computeSignature(withHeader, { location: { reference: "//*[local-name(.)='Security']", action: 'append' } });
  return sig.getSignedXml();
}

/** The ds:Signature element of a signed document, as text (xml-crypto loads it from a string). */
function signatureOf(xml: string): string {
  const m = /<([A-Za-z0-9_-]+:)?Signature[\s>][\s\S]*?<\/\1?Signature>/.exec(xml);
  if (!m) throw new Error('no Signature in the xml-crypto output');
  return m[0];
}

/** `npm run bench` section for issue 3: one core, a ~3 KB SIR envelope, a 2048-bit RSA key. */
export async function benchWssec(): Promise<WssecResult> {
  const pki = createTestPki();
  try {
    const credentials = credentialsFromPem(pki.leafKeyPem, pki.leafCertPem);
    const keyObject = createPrivateKey(pki.leafKeyPem);
    const publicKey = createPublicKey(pki.leafCertPem);
    const certBase64 = new X509Certificate(pki.leafCertPem).raw.toString('base64');
    const envelope = sirEnvelope();
    const signedInfo = Buffer.alloc(900, 'x');
    const signature = rawSign('sha256', signedInfo, keyObject);

    const ours = sign(envelope, { credentials });
    const theirs = xmlCryptoSign(envelope, pki.leafKeyPem, certBase64);
    const trust = createTrustStore({ pinned: [pki.leafCertPem] });
    await verify(ours, { trust }); // must verify before it is measured
    const checker = () => {
      const sx = new SignedXml({ publicCert: pki.leafCertPem, getCertFromKeyInfo: () => null });
      sx.loadSignature(signatureOf(theirs));
      if (!sx.checkSignature(theirs)) throw new Error('xml-crypto did not verify its own signature');
    };
    checker();
    return {
      envelopeBytes: Buffer.byteLength(envelope),
      signPerSecond: {
        ours: await rate(() => sign(envelope, { credentials })),
        xmlCrypto: await rate(() => xmlCryptoSign(envelope, pki.leafKeyPem, certBase64)),
        rawCrypto: await rate(() => rawSign('sha256', signedInfo, keyObject)),
      },
      verifyPerSecond: {
        ours: await rate(() => verify(ours, { trust })),
        xmlCrypto: await rate(checker),
        rawCrypto: await rate(() => rawVerify('sha256', signedInfo, publicKey, signature)),
      },
    };
  } finally {
    pki.remove();
  }
}
