import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Errors, PasarelaError } from '../core/errors';
import type { TrustStore } from './types';

export interface TrustStoreOptions {
  /** Certificates (PEM) accepted as signers by their SHA-256 fingerprint. */
  pinned?: string[];
  /** CA certificates (PEM) whose directly issued certificates are accepted as signers. */
  cas?: string[];
}

export interface TrustStoreFiles {
  /** PEM files of pinned certificates; one file may hold several. */
  pinnedFiles?: string[];
  /** PEM files of CA certificates; one file may hold several. */
  caFiles?: string[];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/**
 * A trust store of pinned certificates and/or issuing CAs. A certificate passes when its
 * SHA-256 fingerprint is pinned, or when a configured CA (itself within its validity) issued
 * it (`checkIssued` and the CA's signature verified); in both cases it must also be within its
 * own validity dates at `now`. Intermediate CAs are trusted only if configured themselves.
 *
 * @throws PasarelaError CONFIG_INVALID when a PEM is not a certificate, a CA entry is not a CA,
 * or nothing at all is trusted.
 */
export function createTrustStore(options: TrustStoreOptions): TrustStore {
  const pinned = new Set((options.pinned ?? []).flatMap((pem) => parsePem(pem, 'pinned certificate')).map((c) => c.fingerprint256));
  const cas = (options.cas ?? []).flatMap((pem) => parsePem(pem, 'CA certificate'));
  const notCa = cas.find((ca) => !ca.ca);
  if (notCa) throw new PasarelaError(Errors.CONFIG_INVALID, `trust store: ${notCa.subject.replace(/\n/g, ', ')} is not a CA certificate`);
  if (pinned.size === 0 && cas.length === 0) throw new PasarelaError(Errors.CONFIG_INVALID, 'trust store: no pinned certificate and no CA');
  // The issuance check costs an RSA verification: done once per parsed certificate.
  const issuers = new WeakMap<X509Certificate, X509Certificate[]>();
  const issuersOf = (cert: X509Certificate): X509Certificate[] => {
    let found = issuers.get(cert);
    if (!found) issuers.set(cert, (found = cas.filter((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey))));
    return found;
  };
  return {
    check(cert, now) {
      if (!pinned.has(cert.fingerprint256)) {
        // A CA certificate (the configured CA itself, or one it issued) signs certificates, not
        // messages: only an end-entity certificate is accepted through the CA path.
        if (cert.ca) {
          throw new PasarelaError(Errors.WSSEC_UNTRUSTED_CERTIFICATE, `the signing certificate (${describe(cert)}) is a CA certificate; pin it to accept it as a signer`);
        }
        const found = issuersOf(cert);
        if (found.length === 0) {
          throw new PasarelaError(Errors.WSSEC_UNTRUSTED_CERTIFICATE, `the signing certificate (${describe(cert)}) is neither pinned nor issued by a trusted CA`);
        }
        if (!found.some((ca) => withinValidity(ca, now))) {
          throw new PasarelaError(Errors.WSSEC_CERTIFICATE_EXPIRED, `the CA that issued the signing certificate (${describe(cert)}) is outside its validity period`);
        }
      }
      if (!withinValidity(cert, now)) {
        throw new PasarelaError(Errors.WSSEC_CERTIFICATE_EXPIRED, `the signing certificate (${describe(cert)}) is valid only from ${cert.validFrom} to ${cert.validTo}`);
      }
    },
  };
}

/** Reads PEM files into a trust store (CONFIG_INVALID naming the file when one is unusable). */
export function loadTrustStore(files: TrustStoreFiles): TrustStore {
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new PasarelaError(Errors.CONFIG_INVALID, `trust store: cannot read ${file}`, { cause: err });
    }
  };
  return createTrustStore({ pinned: (files.pinnedFiles ?? []).map(read), cas: (files.caFiles ?? []).map(read) });
}

function parsePem(pem: string, what: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new PasarelaError(Errors.CONFIG_INVALID, `trust store: a ${what} entry holds no PEM certificate`);
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new PasarelaError(Errors.CONFIG_INVALID, `trust store: a ${what} is not a valid X.509 certificate`, { cause: err });
    }
  });
}

function withinValidity(cert: X509Certificate, now: Date): boolean {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return Number.isFinite(from) && Number.isFinite(to) && from <= now.getTime() && now.getTime() <= to;
}

function describe(cert: X509Certificate): string {
  return `subject ${cert.subject.replace(/\n/g, ', ')}, SHA-256 ${cert.fingerprint256}`;
}
