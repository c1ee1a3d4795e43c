import { createHash } from 'node:crypto';
import {
  BASE64_ENCODING_TYPE, DS_NS, EXC_C14N, RSA_SHA256, SHA256, WSSE_NS, WSU_NS, X509V3_VALUE_TYPE,
} from './namespaces';
import { escapeC14nAttr } from './xml-text';

/**
 * The WS-Security elements the signer writes, as strings. Elements that get signed (Timestamp,
 * SignedInfo) are written twice from the same parts: as they appear in the document, and in
 * their exclusive-C14N form, which is what gets digested or signed. Writing the canonical form
 * directly is exact because we control every byte: prefixes wsse/wsu/ds, one attribute each
 * (or attributes already in canonical order), no white space, escaped values.
 */

/** Declares `prefix` on an inserted element unless the insertion point already binds it to `uri`. */
export type NeedsDeclaration = (prefix: string, uri: string) => boolean;

function decl(needs: NeedsDeclaration, prefix: string, uri: string): string {
  return needs(prefix, uri) ? ` xmlns:${prefix}="${uri}"` : '';
}

/** Base64 SHA-256 of a canonical form. */
export function digest(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('base64');
}

export function binarySecurityToken(id: string, certificateBase64: string, needs: NeedsDeclaration): string {
  return `<wsse:BinarySecurityToken${decl(needs, 'wsse', WSSE_NS)}${decl(needs, 'wsu', WSU_NS)}`
    + ` EncodingType="${BASE64_ENCODING_TYPE}" ValueType="${X509V3_VALUE_TYPE}" wsu:Id="${escapeC14nAttr(id)}">`
    + `${certificateBase64}</wsse:BinarySecurityToken>`;
}

export interface Written {
  /** As inserted into the document. */
  doc: string;
  /** Its exclusive canonical form. */
  c14n: string;
}

/** `wsu:Timestamp` with Created and Expires in UTC with milliseconds. */
export function timestamp(id: string, created: Date, expires: Date, needs: NeedsDeclaration): Written {
  const inner = ` wsu:Id="${escapeC14nAttr(id)}"><wsu:Created>${created.toISOString()}</wsu:Created>`
    + `<wsu:Expires>${expires.toISOString()}</wsu:Expires></wsu:Timestamp>`;
  return { doc: `<wsu:Timestamp${decl(needs, 'wsu', WSU_NS)}${inner}`, c14n: `<wsu:Timestamp xmlns:wsu="${WSU_NS}"${inner}` };
}

export interface SignedReference {
  /** The referenced wsu:Id, without '#'. */
  id: string;
  /** Base64 SHA-256 of the referenced element's exclusive canonical form. */
  digestValue: string;
}

function reference(ref: SignedReference): string {
  return `<ds:Reference URI="#${escapeC14nAttr(ref.id)}"><ds:Transforms><ds:Transform Algorithm="${EXC_C14N}"></ds:Transform></ds:Transforms>`
    + `<ds:DigestMethod Algorithm="${SHA256}"></ds:DigestMethod><ds:DigestValue>${ref.digestValue}</ds:DigestValue></ds:Reference>`;
}

/** `ds:SignedInfo`: exclusive C14N, RSA-SHA256, one reference per signed part. */
export function signedInfo(refs: SignedReference[]): Written {
  const inner = `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"></ds:CanonicalizationMethod>`
    + `<ds:SignatureMethod Algorithm="${RSA_SHA256}"></ds:SignatureMethod>${refs.map(reference).join('')}</ds:SignedInfo>`;
  return { doc: `<ds:SignedInfo>${inner}`, c14n: `<ds:SignedInfo xmlns:ds="${DS_NS}">${inner}` };
}

/** `ds:Signature` whose KeyInfo is a SecurityTokenReference to the BinarySecurityToken. */
export function signature(signedInfoDoc: string, signatureValue: string, tokenId: string, needs: NeedsDeclaration): string {
  return `<ds:Signature xmlns:ds="${DS_NS}">${signedInfoDoc}<ds:SignatureValue>${signatureValue}</ds:SignatureValue>`
    + `<ds:KeyInfo><wsse:SecurityTokenReference${decl(needs, 'wsse', WSSE_NS)}>`
    + `<wsse:Reference URI="#${escapeC14nAttr(tokenId)}" ValueType="${X509V3_VALUE_TYPE}"/>`
    + '</wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>';
}
