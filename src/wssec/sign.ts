import { randomBytes, sign as rsaSign } from 'node:crypto';
import { Errors, PasarelaError } from '../core/errors';
import { excC14n } from './c14n';
import { childElements, envelopeParts, prefixFor, type EnvelopeParts } from './envelope-parts';
import { DS_NS, WSSE_NS, WSU_NS } from './namespaces';
import type { SignOptions } from './types';
import { binarySecurityToken, digest, signature, signedInfo, timestamp, type NeedsDeclaration } from './wsse-blocks';
import { lookupNamespace, type XmlElement } from './xml-tree';

/** Timestamp lifetime when none is configured, seconds. */
export const DEFAULT_TTL_SECONDS = 300;

interface Splice {
  at: number;
  remove: number;
  text: string;
}

/**
 * Signs a SOAP 1.1 or 1.2 envelope with the WS-Security X.509 token profile: adds to
 * `Header/wsse:Security` (created when missing, `mustUnderstand="1"`) a BinarySecurityToken, a
 * Timestamp (Created = now, Expires = now + ttl) and a ds:Signature (exclusive C14N, RSA-SHA256,
 * SHA-256 digests) over the Body, the Timestamp and then each header block named in
 * `extraReferences`, all referenced by `wsu:Id`; KeyInfo is a SecurityTokenReference to the
 * token. The rest of the input is left byte for byte as it was (line ends normalised to LF).
 *
 * The input is parsed once; only the Body and the extra header blocks are canonicalised
 * generically, the elements we write are produced in canonical form directly. Throws
 * WSSEC_DOCTYPE or WSSEC_MALFORMED for input that is not a single well-formed envelope, that
 * already carries a Timestamp or Signature in its Security header, or that lacks (or repeats) a
 * header block named in `extraReferences`.
 */
export function sign(envelopeXml: string, opts: SignOptions): string {
  const ttl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new PasarelaError(Errors.CONFIG_INVALID, `The WS-Security TTL must be a positive number of seconds, not ${ttl}`);
  const parts = envelopeParts(envelopeXml);
  refuseSigned(parts.security);
  const suffix = randomBytes(12).toString('hex');
  const tokenId = `X509-${suffix}`;
  const extras = extraTargets(parts, opts.extraReferences ?? []);
  const body = identify(parts.body, `Body-${suffix}`);
  const extraIds = extras.map((el, i) => identify(el, `H${i + 1}-${suffix}`));

  const needs = needsAt(parts.security);
  const created = opts.now ?? new Date();
  const ts = timestamp(`TS-${suffix}`, created, new Date(created.getTime() + ttl * 1000), needs);
  const info = signedInfo([
    { id: body.id, digestValue: digest(excC14n(parts.body)) },
    { id: `TS-${suffix}`, digestValue: digest(ts.c14n) },
    ...extras.map((el, i) => ({ id: extraIds[i]!.id, digestValue: digest(excC14n(el)) })),
  ]);
  const value = rsaSign('sha256', Buffer.from(info.c14n, 'utf8'), opts.credentials.privateKey).toString('base64');
  const blocks = binarySecurityToken(tokenId, opts.credentials.certificateBase64, needs) + ts.doc
    + signature(info.doc, value, tokenId, needs);
  const splices = placeSecurity(parts, blocks);
  for (const { splice } of [body, ...extraIds]) if (splice) splices.push(splice);
  return applySplices(parts.xml, splices);
}

function refuseSigned(security: XmlElement | null): void {
  if (!security) return;
  if (childElements(security, WSU_NS, 'Timestamp').length > 0 || childElements(security, DS_NS, 'Signature').length > 0) {
    throw new PasarelaError(Errors.WSSEC_MALFORMED, 'The envelope already carries a WS-Security Timestamp or Signature');
  }
}

/**
 * The header blocks named in `extraReferences`: for each local name, the one direct child of
 * Header (wsse:Security aside) that has it. Missing or repeated blocks are WSSEC_MALFORMED.
 */
function extraTargets(parts: EnvelopeParts, names: readonly string[]): XmlElement[] {
  if (names.length === 0) return [];
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) {
    throw new PasarelaError(Errors.CONFIG_INVALID, `The extra signed reference ${JSON.stringify(repeated)} is listed more than once`);
  }
  const blocks = (parts.header?.children ?? []).filter(
    (c): c is XmlElement => c.kind === 'element' && !(c.uri === WSSE_NS && c.local === 'Security'),
  );
  return names.map((name) => {
    const found = blocks.filter((c) => c.local === name);
    if (found.length !== 1) {
      throw new PasarelaError(Errors.WSSEC_MALFORMED,
        `The SOAP Header must carry exactly one ${JSON.stringify(name)} block to sign as an extra reference; it carries ${found.length}`);
    }
    return found[0]!;
  });
}

/**
 * Gives an element to be signed a `wsu:Id` (kept when it already has one) and records it in the
 * parsed tree so the canonical form includes it. The prefix is `wsu` unless that is bound to
 * something else.
 */
function identify(el: XmlElement, freshId: string): { id: string; splice?: Splice } {
  const existing = el.attrs.find((a) => a.uri === WSU_NS && a.local === 'Id');
  if (existing) return { id: existing.value };
  let prefix = 'wsu';
  for (let n = 1; ![undefined, WSU_NS].includes(lookupNamespace(el, prefix)); n++) prefix = `wsu${n}`;
  let text = '';
  if (lookupNamespace(el, prefix) === undefined) {
    (el.ns ??= new Map()).set(prefix, WSU_NS);
    text = ` xmlns:${prefix}="${WSU_NS}"`;
  }
  el.attrs.push({ name: `${prefix}:Id`, prefix, local: 'Id', uri: WSU_NS, value: freshId });
  return { id: freshId, splice: { at: el.tagEnd, remove: 0, text: `${text} ${prefix}:Id="${freshId}"` } };
}

/** Which of our prefixes need declaring on the blocks we insert. A new Security declares wsse and wsu itself. */
function needsAt(security: XmlElement | null): NeedsDeclaration {
  if (!security) return () => false;
  return (prefix, uri) => lookupNamespace(security, prefix) !== uri;
}

function placeSecurity(parts: EnvelopeParts, blocks: string): Splice[] {
  const { security, header, envelope, soapNs } = parts;
  if (security) return fillSecurity(security, soapNs, blocks);
  const scope = header ?? envelope;
  const soap = soapPrefix(scope, soapNs);
  const element = `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}"${soap.decl} ${soap.prefix}:mustUnderstand="1">`
    + `${blocks}</wsse:Security>`;
  if (header) return [appendChild(header, element)];
  const name = envelope.prefix ? `${envelope.prefix}:Header` : 'Header';
  return [{ at: envelope.tagEnd + 1, remove: 0, text: `<${name}>${element}</${name}>` }];
}

function fillSecurity(security: XmlElement, soapNs: string, blocks: string): Splice[] {
  const understood = security.attrs.some((a) => a.uri === soapNs && a.local === 'mustUnderstand');
  let attr = '';
  if (!understood) {
    const soap = soapPrefix(security, soapNs);
    attr = `${soap.decl} ${soap.prefix}:mustUnderstand="1"`;
  }
  if (security.selfClosing) {
    return [{ at: security.tagEnd, remove: 2, text: `${attr}>${blocks}</${security.name}>` }];
  }
  const splices = [appendChild(security, blocks)];
  if (attr) splices.push({ at: security.tagEnd, remove: 0, text: attr });
  return splices;
}

function appendChild(parent: XmlElement, xml: string): Splice {
  if (parent.selfClosing) return { at: parent.tagEnd, remove: 2, text: `>${xml}</${parent.name}>` };
  return { at: parent.closeStart, remove: 0, text: xml };
}

/** A prefix for SOAP attributes on an element inserted into (or being) `scope`, declared when needed. */
function soapPrefix(scope: XmlElement, soapNs: string): { prefix: string; decl: string } {
  const bound = prefixFor(scope, soapNs);
  if (bound) return { prefix: bound, decl: '' };
  let prefix = 'soapenv';
  for (let n = 1; scope.ns?.has(prefix); n++) prefix = `soapenv${n}`;
  return { prefix, decl: ` xmlns:${prefix}="${soapNs}"` };
}

function applySplices(xml: string, splices: Splice[]): string {
  splices.sort((a, b) => b.at - a.at);
  let out = xml;
  for (const s of splices) out = out.slice(0, s.at) + s.text + out.slice(s.at + s.remove);
  return out;
}
