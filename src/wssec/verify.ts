import { Errors, asPasarelaError } from '../core/errors';
import { checkFreshness, findTimestamp, readTimestamp } from './timestamp';
import type { VerifiedMessage, VerifyOptions } from './types';
import { certificateFromDer, checkDigest, replayKey, verifySignatureValue } from './verify-crypto';
import { fail, parseEnvelope, scanDocument } from './verify-parse';
import { matchReferences, requiredTargets } from './verify-references';
import { locateSignature, readSignedInfo, signingTokenDer, strictBase64 } from './verify-structure';

/** Messages larger than this are refused before parsing unless `maxBytes` says otherwise. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** Allowed clock difference for timestamps unless `skewSeconds` says otherwise. */
export const DEFAULT_SKEW_SECONDS = 300;

/**
 * Verifies a WS-Security (X.509 token profile) signed SOAP envelope with the hardened recipe,
 * cheapest and structural checks first, cryptography only once the message has the one shape
 * we accept:
 * size and DOCTYPE on the raw text; strict parse; exactly one ds:Signature, in
 * Header/wsse:Security; algorithm allow-list (exc-c14n, RSA-SHA256, SHA-256); Timestamp
 * present; the signed set is exactly the Body, the Timestamp and the configured extras, by
 * element identity; the BinarySecurityToken that KeyInfo names must pass `opts.trust`, and its
 * key verifies SignatureValue; every digest matches; the Timestamp is fresh; and last, the
 * replay cache has not seen the signature.
 *
 * @returns the canonical Body that was signed (read business data only from it), the
 * timestamp and the signer's certificate.
 * @throws PasarelaError with a `WSSEC_*` code and a human reason for every rejection.
 */
export async function verify(xml: string, opts: VerifyOptions): Promise<VerifiedMessage> {
  const skewSeconds = opts.skewSeconds ?? DEFAULT_SKEW_SECONDS;
  let checked: VerifiedMessage & { signatureValue: Buffer };
  try {
    checked = checkMessage(xml, opts, opts.now ?? new Date(), skewSeconds);
  } catch (err) {
    // Anything a hostile document provokes besides our own rejections is still a rejection.
    throw asPasarelaError(err, Errors.WSSEC_MALFORMED, 'the message could not be verified');
  }
  const { signatureValue, ...verified } = checked;
  // A replay is accepted up to Expires + skew, so it must be remembered that long.
  const rememberUntil = new Date(verified.timestamp.expires.getTime() + skewSeconds * 1000);
  if (opts.replayCache && !(await opts.replayCache.remember(replayKey(signatureValue), rememberUntil))) {
    fail(Errors.WSSEC_REPLAY, 'this signature was already received while still valid');
  }
  return verified;
}

/** Every check but the replay cache, in the order the recipe requires. */
function checkMessage(xml: string, opts: VerifyOptions, now: Date, skewSeconds: number): VerifiedMessage & { signatureValue: Buffer } {
  const env = parseEnvelope(xml, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  const scan = scanDocument(env.envelope);
  const parts = locateSignature(env, scan);
  const signedInfo = readSignedInfo(parts.signedInfo);
  const timestampEl = findTimestamp(parts.security);
  const timestamp = readTimestamp(timestampEl);
  const targets = requiredTargets(env, timestampEl, opts.extraReferences ?? []);
  const references = matchReferences(signedInfo.references, scan, targets);

  const certificate = certificateFromDer(signingTokenDer(parts, scan.ids));
  opts.trust.check(certificate, now);
  const signatureValue = strictBase64(parts.signatureValue, 'the SignatureValue');
  verifySignatureValue(parts.signedInfo, signedInfo.prefixes, signatureValue, certificate);
  let body = '';
  for (const [target, ref] of references) {
    const canonical = checkDigest(target.element, ref, target.name);
    if (target.element === env.body) body = canonical;
  }
  checkFreshness(timestamp, now, skewSeconds);
  return { body, timestamp, certificate, signatureValue };
}
