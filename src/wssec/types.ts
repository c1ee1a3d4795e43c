import type { KeyObject, X509Certificate } from 'node:crypto';

/**
 * Shared shapes of the WS-Security module. Signing: `sign.ts`; verification: `verify.ts`;
 * keys: `keys.ts`; trust: `trust.ts`; node-soap plug-in: `node-soap.ts`.
 */

/** A private key loaded once and its certificate, ready to sign. Never logged. */
export interface SigningCredentials {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** The certificate DER, base64, as it goes into wsse:BinarySecurityToken. */
  certificateBase64: string;
}

export interface SignOptions {
  credentials: SigningCredentials;
  /** Seconds from Created to Expires. @defaultValue 300 */
  ttlSeconds?: number;
  /**
   * Local names of direct children of `soap:Header`, other than `wsse:Security`, that are signed
   * too: each gets a `wsu:Id` (kept when it has one) and a `ds:Reference` after the Body and the
   * Timestamp, with the same transform and digest. Each must exist exactly once, else
   * WSSEC_MALFORMED; a name listed twice is CONFIG_INVALID. Verify with the same list.
   */
  extraReferences?: string[];
  /** Clock, for tests. */
  now?: Date;
}

/**
 * Remembers signatures seen while their timestamp is valid. `remember` resolves true the first
 * time a key is seen and false afterwards (a replay). Atomic across processes when backed by the
 * journal.
 */
export interface ReplayCache {
  remember(key: string, expiresAt: Date): Promise<boolean>;
}

/** Certificates a verifier accepts: pinned leaf certificates and/or issuing CAs. */
export interface TrustStore {
  /** Throws WSSEC_UNTRUSTED_CERTIFICATE / WSSEC_CERTIFICATE_EXPIRED when not acceptable. */
  check(cert: X509Certificate, now: Date): void;
}

export interface VerifyOptions {
  trust: TrustStore;
  /** Allowed clock difference, seconds. @defaultValue 300 */
  skewSeconds?: number;
  /** Refused before parsing when larger. @defaultValue 20 MiB */
  maxBytes?: number;
  /** Local names of further header elements that must be signed besides Body and Timestamp. */
  extraReferences?: string[];
  replayCache?: ReplayCache;
  now?: Date;
}

export interface VerifiedMessage {
  /** The signed Body element exactly as it was signed (canonical XML): read business data only from it. */
  body: string;
  timestamp: { created: Date; expires: Date };
  certificate: X509Certificate;
}
