import type { Element, Node } from '@xmldom/xmldom';
import { Errors } from '../core/errors';
import {
  BASE64_ENCODING_TYPE, DS_NS, EXC_C14N, RSA_SHA256, SHA256, WSSE_NS, X509V3_VALUE_TYPE,
} from './namespaces';
import { type DocumentScan, type ParsedEnvelope, elementChildren, fail } from './verify-parse';

/** The parts of the one ds:Signature, located where WS-Security puts it. */
export interface SignatureParts {
  security: Element;
  signature: Element;
  signedInfo: Element;
  signatureValue: Element;
  keyInfo: Element | null;
}

/** One ds:Reference after the allow-list: the `#id` it names and the digest it claims. */
export interface ReferenceParts {
  id: string;
  digest: Buffer;
  /** InclusiveNamespaces PrefixList of its exc-c14n transform. */
  prefixes: string[];
}

export interface SignedInfoParts {
  /** InclusiveNamespaces PrefixList of the CanonicalizationMethod. */
  prefixes: string[];
  references: ReferenceParts[];
}

/** A same-document reference: `#` followed by an NCName. */
const FRAGMENT = /^#([A-Za-z_][A-Za-z0-9_.-]*)$/;

export function isElement(n: Node | null | undefined, ns: string, localName: string): n is Element {
  return !!n && n.nodeType === 1 && n.namespaceURI === ns && n.localName === localName;
}

/** Exactly one ds:Signature and one ds:SignedInfo in the document, at Header/Security/Signature. */
export function locateSignature(env: ParsedEnvelope, scan: DocumentScan): SignatureParts {
  if (scan.signatures.length === 0) fail(Errors.WSSEC_NO_SIGNATURE, 'the message carries no ds:Signature');
  if (scan.signatures.length > 1) {
    fail(Errors.WSSEC_SIGNATURE_PLACEMENT, `the message carries ${scan.signatures.length} ds:Signature elements; exactly one is allowed`);
  }
  if (scan.signedInfos.length !== 1) fail(Errors.WSSEC_SIGNATURE_PLACEMENT, 'the message must carry exactly one ds:SignedInfo');
  const signature = scan.signatures[0] as Element;
  const security = signature.parentNode;
  if (!env.header || !isElement(security, WSSE_NS, 'Security') || security.parentNode !== env.header) {
    fail(Errors.WSSEC_SIGNATURE_PLACEMENT, 'the ds:Signature must be a direct child of wsse:Security in the SOAP Header');
  }
  if (elementChildren(env.header, 'the Header').filter((h) => isElement(h, WSSE_NS, 'Security')).length !== 1) {
    fail(Errors.WSSEC_SIGNATURE_PLACEMENT, 'the Header must carry exactly one wsse:Security');
  }
  const [signedInfo, signatureValue, keyInfo, ...rest] = elementChildren(signature, 'ds:Signature');
  if (signedInfo !== scan.signedInfos[0]) fail(Errors.WSSEC_SIGNATURE_PLACEMENT, 'ds:SignedInfo must be the first child of ds:Signature');
  if (!isElement(signatureValue, DS_NS, 'SignatureValue') || (keyInfo && !isElement(keyInfo, DS_NS, 'KeyInfo')) || rest.length > 0) {
    fail(Errors.WSSEC_MALFORMED, 'ds:Signature must hold SignedInfo, SignatureValue and KeyInfo, in that order, and nothing else');
  }
  return { security, signature, signedInfo, signatureValue, keyInfo: keyInfo ?? null };
}

/**
 * Reads SignedInfo through the allow-list before anything is computed: exclusive c14n,
 * RSA-SHA256, and for every reference exactly one exc-c14n transform and a SHA-256 digest.
 */
export function readSignedInfo(signedInfo: Element): SignedInfoParts {
  const [c14n, method, ...refs] = elementChildren(signedInfo, 'ds:SignedInfo');
  if (!isElement(c14n, DS_NS, 'CanonicalizationMethod') || !isElement(method, DS_NS, 'SignatureMethod')
    || refs.length === 0 || !refs.every((r) => isElement(r, DS_NS, 'Reference'))) {
    fail(Errors.WSSEC_MALFORMED, 'ds:SignedInfo must hold CanonicalizationMethod, SignatureMethod and at least one Reference');
  }
  const prefixes = excC14nPrefixes(c14n, 'CanonicalizationMethod');
  requireAlgorithm(method, RSA_SHA256, 'SignatureMethod');
  const transformPrefixes = refs.map(referenceAlgorithms);
  if (elementChildren(method, 'SignatureMethod').length > 0) fail(Errors.WSSEC_MALFORMED, 'SignatureMethod takes no parameters');
  return { prefixes, references: refs.map((r, i) => readReference(r, transformPrefixes[i] as string[])) };
}

function requireAlgorithm(el: Element, allowed: string, what: string): void {
  const algorithm = el.getAttribute('Algorithm');
  if (algorithm !== allowed) {
    fail(Errors.WSSEC_ALGORITHM_NOT_ALLOWED, `${what} ${JSON.stringify(algorithm)} is not allowed; only ${allowed} is`);
  }
}

/** Checks a reference's transform and digest algorithms; returns its transform's PrefixList. */
function referenceAlgorithms(ref: Element): string[] {
  const [transforms, digestMethod] = elementChildren(ref, 'ds:Reference');
  const list = isElement(transforms, DS_NS, 'Transforms') ? elementChildren(transforms, 'ds:Transforms') : [];
  if (list.length !== 1 || !isElement(list[0], DS_NS, 'Transform')) {
    fail(Errors.WSSEC_ALGORITHM_NOT_ALLOWED, `every ds:Reference must have exactly one transform, ${EXC_C14N}`);
  }
  const prefixes = excC14nPrefixes(list[0], 'Transform');
  if (!isElement(digestMethod, DS_NS, 'DigestMethod')) fail(Errors.WSSEC_MALFORMED, 'ds:Reference must hold Transforms, DigestMethod and DigestValue');
  requireAlgorithm(digestMethod, SHA256, 'DigestMethod');
  // Nothing may hide inside algorithm elements: SignedInfo is canonicalised before the RSA check.
  if (digestMethod.firstChild !== null) fail(Errors.WSSEC_MALFORMED, 'ds:DigestMethod must be empty');
  return prefixes;
}

/** An exc-c14n algorithm element, optionally parameterised by ec:InclusiveNamespaces. */
function excC14nPrefixes(el: Element, what: string): string[] {
  requireAlgorithm(el, EXC_C14N, what);
  const params = elementChildren(el, what);
  if (params.length === 0) return [];
  const [inclusive] = params;
  if (params.length > 1 || !isElement(inclusive, EXC_C14N, 'InclusiveNamespaces')) {
    fail(Errors.WSSEC_MALFORMED, `${what} may only carry an InclusiveNamespaces parameter`);
  }
  if (inclusive.firstChild !== null) fail(Errors.WSSEC_MALFORMED, 'InclusiveNamespaces must be empty');
  const list = (inclusive.getAttribute('PrefixList') ?? '').split(/[ \t\r\n]+/).filter((p) => p !== '');
  if (!list.every((p) => p === '#default' || /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(p))) {
    fail(Errors.WSSEC_MALFORMED, 'InclusiveNamespaces PrefixList is not a list of prefixes');
  }
  return list;
}

function readReference(ref: Element, prefixes: string[]): ReferenceParts {
  const children = elementChildren(ref, 'ds:Reference');
  if (children.length !== 3 || !isElement(children[2], DS_NS, 'DigestValue')) {
    fail(Errors.WSSEC_MALFORMED, 'ds:Reference must hold Transforms, DigestMethod and DigestValue');
  }
  const uri = ref.getAttribute('URI');
  const match = FRAGMENT.exec(uri ?? '');
  if (!match) fail(Errors.WSSEC_REFERENCES_MISMATCH, `reference URI ${JSON.stringify(uri)} is not a same-document #id`);
  const digest = strictBase64(children[2], 'a DigestValue');
  if (digest.length !== 32) fail(Errors.WSSEC_MALFORMED, 'a DigestValue is not a SHA-256 digest');
  return { id: match[1] as string, digest, prefixes };
}

/**
 * The base64 content of `el`: text nodes only (a comment or element inside is refused: the
 * CVE-2025-29775 trick), whitespace ignored, canonical alphabet and padding.
 */
export function strictBase64(el: Element, what: string): Buffer {
  let text = '';
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType !== 3) fail(Errors.WSSEC_MALFORMED, `${what} must hold base64 text only`);
    text += (n as unknown as { data: string }).data;
  }
  text = text.replace(/[ \t\r\n]+/g, '');
  if (text === '' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    fail(Errors.WSSEC_MALFORMED, `${what} is not valid base64`);
  }
  return Buffer.from(text, 'base64');
}

/**
 * The DER of the certificate KeyInfo names. Only one shape is accepted: a
 * SecurityTokenReference to an X.509 v3 BinarySecurityToken of the same Security header.
 */
export function signingTokenDer(parts: SignatureParts, ids: ReadonlyMap<string, Element>): Buffer {
  const untrusted = (why: string): never => fail(Errors.WSSEC_UNTRUSTED_CERTIFICATE, why);
  const str = parts.keyInfo ? elementChildren(parts.keyInfo, 'ds:KeyInfo') : [];
  const ref = str.length === 1 && isElement(str[0], WSSE_NS, 'SecurityTokenReference') ? elementChildren(str[0], 'SecurityTokenReference') : [];
  if (ref.length !== 1 || !isElement(ref[0], WSSE_NS, 'Reference')) {
    return untrusted('KeyInfo must hold only a wsse:SecurityTokenReference to the signing BinarySecurityToken');
  }
  const valueType = ref[0].getAttribute('ValueType');
  const match = FRAGMENT.exec(ref[0].getAttribute('URI') ?? '');
  const token = match ? ids.get(match[1] as string) : undefined;
  if ((valueType !== null && valueType !== X509V3_VALUE_TYPE) || !isElement(token, WSSE_NS, 'BinarySecurityToken')
    || token.parentNode !== parts.security) {
    return untrusted('KeyInfo must reference an X.509 BinarySecurityToken of the same wsse:Security header');
  }
  const encoding = token.getAttribute('EncodingType');
  if (token.getAttribute('ValueType') !== X509V3_VALUE_TYPE || (encoding !== null && encoding !== BASE64_ENCODING_TYPE)) {
    return untrusted('the BinarySecurityToken is not a base64 X.509 v3 certificate');
  }
  return strictBase64(token, 'the BinarySecurityToken');
}
