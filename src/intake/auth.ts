import type { FastifyRequest } from 'fastify';
import type { TenantConfig } from '../config/types';
import { Errors, PasarelaError } from '../core/errors';
import type { RegistryEntry } from '../core/registry-entry';
import type { ApiKeyRow, Journal } from '../journal/journal';
import { bearerKey, hashApiKey } from './api-keys';
import type { Scope } from '../core/scopes';

/**
 * Who is calling and what they may do. A caller is an API key (Bearer) or, on a mutual-TLS
 * listener, a client certificate mapped to a tenant (src/intake/client-cert.ts); both end up as
 * an `ApiKeyRow`-shaped grant, so every check below is the same for either.
 */

/** Finds the grant of a request's client certificate, when the listener asks for one. */
export type CertificateAuthenticator = (req: FastifyRequest) => ApiKeyRow | undefined;

export async function authenticate(journal: Journal, req: FastifyRequest, byCertificate?: CertificateAuthenticator): Promise<ApiKeyRow> {
  const header = req.headers.authorization;
  if (header === undefined && byCertificate) {
    const grant = byCertificate(req);
    if (grant) return grant;
  }
  const key = bearerKey(header);
  if (!key) throw new PasarelaError(Errors.AUTH_MISSING_KEY, 'Send the API key as Authorization: Bearer <key>');
  const row = await journal.findApiKeyByHash(hashApiKey(key));
  if (!row) throw new PasarelaError(Errors.AUTH_INVALID_KEY, 'The API key is not valid or was revoked');
  return row;
}

export function requireScope(key: ApiKeyRow, scope: Scope | undefined): void {
  // An endpoint without a declared scope is refused: fail closed, never open by omission.
  if (scope === undefined || !key.scopes.includes(scope)) {
    throw new PasarelaError(Errors.AUTH_FORBIDDEN_SCOPE, `The key lacks the scope ${scope ?? '(none declared for this endpoint)'}`, {
      details: { scope: scope ?? null },
    });
  }
}

/** The configured tenant with this code, if any. */
export function findTenant(tenants: readonly TenantConfig[], code: string): TenantConfig | undefined {
  return tenants.find((t) => t.code === code);
}

export function tenantOf(tenants: readonly TenantConfig[], key: ApiKeyRow): TenantConfig {
  const tenant = findTenant(tenants, key.tenant);
  // A key whose tenant left the configuration acts for nothing.
  if (!tenant) throw new PasarelaError(Errors.AUTH_INVALID_KEY, 'The key belongs to a tenant that is no longer configured');
  return tenant;
}

/**
 * The entry's origin office must be the tenant's and, for a key bound to some offices or units,
 * one of those; a key bound to units needs the entry to name its origin unit.
 */
export function authorizeEntry(tenant: TenantConfig, key: ApiKeyRow, entry: RegistryEntry): void {
  const office = entry.origin.office;
  if (!tenant.offices.includes(office) || (key.offices !== null && !key.offices.includes(office))) {
    const whose = tenant.offices.includes(office) ? "the key's" : "the key's tenant's";
    throw new PasarelaError(Errors.AUTH_FORBIDDEN_OFFICE, `The key may not post for office ${office}`, {
      problems: [{ pointer: '/origin/office', code: 'AUTH_FORBIDDEN_OFFICE', message: `is not one of ${whose} offices` }],
    });
  }
  if (key.units !== null && (entry.origin.unit === undefined || !key.units.includes(entry.origin.unit))) {
    throw new PasarelaError(Errors.AUTH_FORBIDDEN_UNIT, `The key may not post for unit ${entry.origin.unit ?? '(none given)'}`, {
      problems: [{ pointer: '/origin/unit', code: 'AUTH_FORBIDDEN_UNIT', message: "must be one of the key's units" }],
    });
  }
}

/**
 * Whether a key bound to some offices or units may see a message: a registry entry whose
 * `side` (origin for what the tenant sent, destination for its inbox) is among them. An unbound
 * key sees every message of its tenant; a bound one sees nothing that is not such an entry.
 */
export function keyMaySee(key: ApiKeyRow, payload: unknown, side: 'origin' | 'destination'): boolean {
  if (key.offices === null && key.units === null) return true;
  const place = (payload as Partial<RegistryEntry> | undefined)?.[side];
  if (!place?.office) return false;
  return (key.offices === null || key.offices.includes(place.office)) && (key.units === null || (place.unit !== undefined && key.units.includes(place.unit)));
}

/**
 * Whether a key may see one of its tenant's messages. Registry entries: from or to its offices
 * (units), as `keyMaySee`. Notifications and expediente states: what it may post, i.e. a key
 * bound to units sees those whose issuing body (managing unit) is one of them.
 */
export function keyMaySeeMessage(key: ApiKeyRow, row: { tenant: string; type: string; envelope: { payload: unknown } }): boolean {
  if (row.tenant !== key.tenant) return false;
  const payload = row.envelope.payload as { issuingBody?: unknown; managingUnit?: unknown } | undefined;
  if (row.type === 'notification') return key.units === null || key.units.includes(String(payload?.issuingBody));
  if (row.type === 'expediente-status') return key.units === null || key.units.includes(String(payload?.managingUnit));
  return keyMaySee(key, row.envelope.payload, 'origin') || keyMaySee(key, row.envelope.payload, 'destination');
}

/** The tenant as a key bound to some offices sees it: only those offices (the CIR proxy's checks). */
export function tenantAsKeySees(tenant: TenantConfig, key: ApiKeyRow): TenantConfig {
  return key.offices === null ? tenant : { ...tenant, offices: tenant.offices.filter((o) => key.offices!.includes(o)) };
}
