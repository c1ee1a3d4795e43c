import type { FastifyRequest } from 'fastify';
import type { TLSSocket } from 'node:tls';
import type { ClientCertificateConfig, Config } from '../config/types';
import { Errors, type FieldProblem, PasarelaError } from '../core/errors';
import type { ApiKeyRow } from '../journal/journal';
import type { CertificateAuthenticator } from './auth';
import { parseDistinguishedName, peerAttributes, subjectKey } from './distinguished-name';
import { TENANT_SCOPES } from '../core/scopes';

/**
 * Mutual TLS (docs/mtls.md): a client certificate that chains to `http.tls.clientCaFile` and
 * whose subject one tenant's `clientCertificates` lists acts as that tenant, with the grants
 * written there, exactly like an API key. Not here: revocation (CRL/OCSP) — a certificate to
 * shut out is removed from the mapping or its CA; the TLS files themselves (./tls-options.ts).
 */

/** One `clientCertificates` entry, ready to match. */
export interface CertificateMapping {
  tenant: string;
  subject: string;
  /** Upper case, colon-separated; absent = any certificate with this subject. */
  fingerprint?: string;
  scopes: string[];
  offices: string[] | null;
  units: string[] | null;
}

const MAX_NAME_LENGTH = 100; // envelope source.system

function invalid(problems: FieldProblem[]): PasarelaError {
  return new PasarelaError(Errors.CONFIG_INVALID, 'Invalid configuration:\n  ' + problems.map((p) => `${p.pointer}: ${p.message}`).join('\n  '), { problems });
}

function toMapping(tenant: string, c: ClientCertificateConfig, subject: string): CertificateMapping {
  return {
    tenant, subject, fingerprint: c.fingerprint256?.toUpperCase(),
    scopes: c.scopes ? [...c.scopes] : [...TENANT_SCOPES], offices: c.offices ? [...c.offices] : null, units: c.units ? [...c.units] : null,
  };
}

/**
 * Every tenant's `clientCertificates`, checked: each subject a distinguished name, no subject
 * mapped to two tenants (nor twice with the same pin), offices the tenant's own, and a
 * `http.tls.clientCaFile` to verify them against. Throws CONFIG_INVALID naming each path.
 * Pinned mappings come first, so a pinned certificate gets its own grants.
 */
export function certificateMappings(config: Config): CertificateMapping[] {
  const problems: FieldProblem[] = [];
  const owners = new Map<string, string>(); // subject -> tenant
  const pins = new Set<string>(); // subject and pin (or none) already mapped
  const mappings: CertificateMapping[] = [];
  const problem = (pointer: string, message: string) => problems.push({ pointer, code: 'CONFIG_INVALID', message });
  config.tenants.forEach((t, i) => {
    (t.clientCertificates ?? []).forEach((c, j) => {
      const at = `config/tenants/${i}/clientCertificates/${j}`;
      let subject: string;
      try {
        subject = subjectKey(parseDistinguishedName(c.subject));
      } catch (e) {
        return problem(`${at}/subject`, (e as Error).message);
      }
      const owner = owners.get(subject);
      if (owner !== undefined && owner !== t.code) problem(`${at}/subject`, `this subject is already mapped to tenant ${owner}`);
      const pin = `${subject} ${c.fingerprint256?.toUpperCase() ?? '*'}`;
      if (owner === t.code && pins.has(pin)) problem(`${at}/subject`, `this subject is mapped twice to tenant ${t.code} with the same fingerprint256 (or none)`);
      owners.set(subject, owner ?? t.code);
      pins.add(pin);
      const foreign = (c.offices ?? []).filter((o) => !t.offices.includes(o));
      if (foreign.length) problem(`${at}/offices`, `${foreign.join(', ')} not among tenant ${t.code}'s offices`);
      mappings.push(toMapping(t.code, c, subject));
    });
  });
  if (mappings.length && !config.http.tls?.clientCaFile) {
    problem('config/http/tls/clientCaFile', 'tenants map client certificates, but no clientCaFile says which CA issues them');
  }
  if (problems.length) throw invalid(problems);
  return [...mappings.filter((m) => m.fingerprint), ...mappings.filter((m) => !m.fingerprint)];
}

interface PeerCertificate {
  subject?: Record<string, string | string[] | undefined>;
  fingerprint256?: string;
}

/**
 * The grant of a request's client certificate, on a listener with `http.tls.clientCaFile`;
 * undefined without one. Checks the mappings first (CONFIG_INVALID, see certificateMappings).
 * The authenticator answers undefined when the connection has no certificate or one that did
 * not verify against the CA (not issued by it, expired): the request then needs an API key.
 * A verified certificate no tenant maps: AUTH_UNKNOWN_CERTIFICATE (401).
 */
export function createCertificateAuthenticator(config: Config): CertificateAuthenticator | undefined {
  const mappings = certificateMappings(config);
  if (!config.http.tls?.clientCaFile) return undefined;
  const createdAt = new Date(performance.timeOrigin).toISOString();
  return (req: FastifyRequest) => {
    const socket = req.raw.socket as Partial<TLSSocket>;
    if (socket.authorized !== true || typeof socket.getPeerCertificate !== 'function') return undefined;
    const peer = socket.getPeerCertificate() as PeerCertificate;
    if (!peer.fingerprint256) return undefined;
    const fingerprint = peer.fingerprint256.toUpperCase();
    const subject = subjectKey(peerAttributes(peer.subject));
    const m = mappings.find((x) => x.subject === subject && (x.fingerprint === undefined || x.fingerprint === fingerprint));
    if (!m) {
      // The fingerprint, never the subject: a citizen certificate's subject names a person.
      req.log.info({ fingerprint256: fingerprint }, 'client certificate not mapped to a tenant');
      throw new PasarelaError(Errors.AUTH_UNKNOWN_CERTIFICATE, `No tenant maps the client certificate with SHA-256 fingerprint ${fingerprint}`, {
        details: { fingerprint256: fingerprint },
      });
    }
    return grantOf(m, fingerprint, commonName(peer) ?? fingerprint, createdAt);
  };
}

function commonName(peer: PeerCertificate): string | undefined {
  const cn = peer.subject?.CN;
  return Array.isArray(cn) ? cn[0] : cn;
}

function grantOf(m: CertificateMapping, fingerprint: string, cn: string, createdAt: string): ApiKeyRow {
  return {
    id: `cert:${fingerprint}`, tenant: m.tenant, name: Array.from(`cert:${cn}`).slice(0, MAX_NAME_LENGTH).join(''),
    prefix: '', createdAt, revokedAt: null,
    scopes: [...m.scopes], offices: m.offices && [...m.offices], units: m.units && [...m.units], rateLimit: null, maxBodyBytes: null,
  };
}
