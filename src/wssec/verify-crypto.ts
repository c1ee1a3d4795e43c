import { X509Certificate, createHash, timingSafeEqual, verify as rsaVerify } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { Errors } from '../core/errors';
import { excC14n } from './verify-c14n';
import { fail } from './verify-parse';
import type { ReferenceParts } from './verify-structure';

const MIN_RSA_BITS = 2048;
const CERT_CACHE_SIZE = 64;

// Parsing a certificate costs more than verifying the signature; the same few signers come back.
const certCache = new Map<string, X509Certificate>();

/** The certificate of a BinarySecurityToken's DER bytes (parsed once per distinct certificate). */
export function certificateFromDer(der: Buffer): X509Certificate {
  const key = der.toString('base64');
  const cached = certCache.get(key);
  if (cached) return cached;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (err) {
    return fail(Errors.WSSEC_MALFORMED, 'the BinarySecurityToken is not an X.509 certificate', err);
  }
  if (certCache.size >= CERT_CACHE_SIZE) certCache.delete(certCache.keys().next().value as string);
  certCache.set(key, cert);
  return cert;
}

/**
 * Verifies SignatureValue over the exclusive-canonical SignedInfo with RSA-SHA256 and the
 * trusted certificate's key (RSA of at least 2048 bits).
 */
export function verifySignatureValue(signedInfo: Element, prefixes: string[], signatureValue: Buffer, cert: X509Certificate): void {
  const key = cert.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
    fail(Errors.WSSEC_ALGORITHM_NOT_ALLOWED, `the signing key must be RSA of at least ${MIN_RSA_BITS} bits`);
  }
  let ok = false;
  try {
    ok = rsaVerify('RSA-SHA256', Buffer.from(excC14n(signedInfo, prefixes), 'utf8'), key, signatureValue);
  } catch {
    ok = false;
  }
  if (!ok) fail(Errors.WSSEC_BAD_SIGNATURE, 'the SignatureValue does not verify with the signing certificate');
}

/**
 * Canonicalises a referenced element, compares its SHA-256 with the signed DigestValue in
 * constant time, and returns the canonical text: the exact bytes that were signed.
 */
export function checkDigest(el: Element, ref: ReferenceParts, what: string): string {
  const canonical = excC14n(el, ref.prefixes);
  // UTF-8 encoding maps every lone surrogate to U+FFFD: two different texts would share a digest,
  // and the caller would read the one that was not signed.
  if (!canonical.isWellFormed()) fail(Errors.WSSEC_MALFORMED, `the ${what} holds a character reference to a lone surrogate`);
  const digest = createHash('sha256').update(canonical, 'utf8').digest();
  if (digest.length !== ref.digest.length || !timingSafeEqual(digest, ref.digest)) {
    fail(Errors.WSSEC_DIGEST_MISMATCH, `the ${what} was changed after signing`);
  }
  return canonical;
}

/** The replay-cache key of a signature: SHA-256 of its SignatureValue bytes, hex. */
export function replayKey(signatureValue: Buffer): string {
  return createHash('sha256').update(signatureValue).digest('hex');
}
