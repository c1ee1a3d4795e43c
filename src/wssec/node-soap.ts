import type { ISecurity } from 'soap';
import { sign } from './sign';
import type { SigningCredentials } from './types';

export interface PasarelaWsSecurityOptions {
  /** Seconds from Created to Expires. @defaultValue 300 */
  ttlSeconds?: number;
  /** Local names of further header blocks to sign besides Body and Timestamp (see `SignOptions`). */
  extraReferences?: string[];
  /** Clock, for tests. */
  now?: () => Date;
}

/**
 * node-soap security plug-in: `client.setSecurity(new PasarelaWsSecurity(credentials))` makes
 * every request of that client leave signed by `sign()` (X.509 token, Timestamp, RSA-SHA256
 * over Body, Timestamp and any configured extra header blocks). node-soap calls
 * `postProcess(xml, envelopeKey)` with the finished envelope, and because a `postProcess` exists
 * it always writes an (empty) Header for us to fill.
 * Nothing may change the envelope afterwards: do not combine with the client's own
 * `options.postProcess`, which runs after security.
 */
export class PasarelaWsSecurity implements ISecurity {
  constructor(
    private readonly credentials: SigningCredentials,
    private readonly options: PasarelaWsSecurityOptions = {},
  ) {}

  /** Nothing goes into the Header before signing; the signature is added in `postProcess`. */
  toXML(): string {
    return '';
  }

  postProcess(xml: string, _envelopeKey: string): string {
    const { ttlSeconds, extraReferences, now } = this.options;
    return sign(xml, { credentials: this.credentials, ttlSeconds, extraReferences, now: now?.() });
  }
}
