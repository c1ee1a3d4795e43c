import type { Config, TenantConfig } from '../../config/types';
import type { ApiKeyGrants, ApiKeyRow } from '../../journal/journal';
import { isScope, TENANT_SCOPES } from '../../core/scopes';

/** What `pasarela keys create` takes beyond tenant and name. */
export interface KeyGrantOptions {
  scopes?: string;
  offices?: string;
  units?: string;
  rate?: string;
  maxBodyBytes?: string;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
}

/**
 * Read and check the grant options against the tenant's configuration: every scope known, every
 * office and unit the tenant's own, limits positive and within the server's. Returns the grants
 * or the problems (one sentence each), never both.
 */
export function parseKeyGrants(opts: KeyGrantOptions, tenant: TenantConfig, config: Config): { grants?: ApiKeyGrants; problems: string[] } {
  const problems: string[] = [];
  const scopes = list(opts.scopes);
  const unknown = (scopes ?? []).filter((s) => !isScope(s));
  if (unknown.length) problems.push(`unknown scope(s) ${unknown.join(', ')} (known: ${TENANT_SCOPES.join(', ')})`);
  if (scopes && scopes.length === 0) problems.push('--scopes needs at least one scope');
  const offices = list(opts.offices);
  if (offices && offices.length === 0) problems.push('--offices needs at least one office (leave it out for all of the tenant\'s)');
  const foreignOffices = (offices ?? []).filter((o) => !tenant.offices.includes(o));
  if (foreignOffices.length) problems.push(`office(s) ${foreignOffices.join(', ')} are not tenant ${tenant.code}'s (${tenant.offices.join(', ')})`);
  const units = list(opts.units);
  if (units && units.length === 0) problems.push('--units needs at least one unit (leave it out for all of the tenant\'s)');
  const foreignUnits = (units ?? []).filter((u) => !(tenant.units ?? []).includes(u));
  if (foreignUnits.length) problems.push(`unit(s) ${foreignUnits.join(', ')} are not tenant ${tenant.code}'s (${(tenant.units ?? []).join(', ') || 'none configured'})`);
  const rateLimit = opts.rate === undefined ? null : parseRate(opts.rate, problems);
  const maxBodyBytes = opts.maxBodyBytes === undefined ? null : parseSize(opts.maxBodyBytes, config.http.bodyLimitBytes, problems);
  if (problems.length) return { problems };
  return { grants: { scopes: scopes ?? [...TENANT_SCOPES], offices: offices ?? null, units: units ?? null, rateLimit, maxBodyBytes }, problems };
}

/** `<perSecond>` or `<perSecond>/<burst>`; the burst defaults to twice the rate. */
function parseRate(value: string, problems: string[]): { perSecond: number; burst: number } | null {
  const m = /^(\d+(?:\.\d+)?)(?:\/(\d+))?$/.exec(value.trim());
  const perSecond = m ? Number(m[1]) : NaN;
  if (!m || !(perSecond > 0)) {
    problems.push('--rate takes requests per second, optionally with a burst: 10 or 10/20');
    return null;
  }
  return { perSecond, burst: m[2] ? Math.max(1, Number(m[2])) : Math.max(1, Math.ceil(perSecond * 2)) };
}

function parseSize(value: string, serverLimit: number, problems: string[]): number | null {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= 1024 && n <= serverLimit)) {
    problems.push(`--max-body-bytes takes a whole number of bytes from 1024 to the server's http.bodyLimitBytes (${serverLimit})`);
    return null;
  }
  return n;
}

/** One line of `pasarela keys list`. */
export function describeKey(k: ApiKeyRow): string {
  const limits = [
    k.rateLimit ? `rate ${k.rateLimit.perSecond}/s burst ${k.rateLimit.burst}` : 'rate default',
    k.maxBodyBytes ? `body ≤ ${k.maxBodyBytes} B` : 'body default',
  ].join(', ');
  return [
    k.id, k.tenant, `${k.prefix}…`, k.name, `scopes ${k.scopes.join(',')}`,
    `offices ${k.offices?.join(',') ?? 'all'}`, `units ${k.units?.join(',') ?? 'all'}`, limits,
    `created ${k.createdAt}${k.revokedAt ? '  REVOKED ' + k.revokedAt : ''}`,
  ].join('  ');
}
