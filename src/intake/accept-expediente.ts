import { checkExpedienteStatus } from '../core/check-expediente';
import { parseEniExpedienteId, type ExpedienteStatus } from '../core/expediente';
import { Errors, PasarelaError } from '../core/errors';
import type { TenantConfig } from '../config/types';
import type { ApiKeyRow } from '../journal/journal';
import { acceptCanonical } from './accept-canonical';
import type { IntakeContext, IntakeInput } from './accept-steps';
import type { Accepted } from './idempotency';

/**
 * The expediente's managing unit and the body in its ENI identifier must be the tenant's (its
 * code or one of its units) and, for a key bound to units, the key's: one municipality never
 * writes another's expedientes.
 */
export function authorizeExpediente(tenant: TenantConfig, key: ApiKeyRow, e: Pick<ExpedienteStatus, 'expediente' | 'managingUnit'>): void {
  const own = [tenant.code, ...(tenant.units ?? [])];
  const refuse = (pointer: string, code: string) => {
    const whose = own.includes(code) ? "the key's" : "the key's tenant's";
    throw new PasarelaError(Errors.AUTH_FORBIDDEN_UNIT, `The key may not report expedientes of ${code}`, {
      problems: [{ pointer, code: 'AUTH_FORBIDDEN_UNIT', message: `${code} is not one of ${whose} units` }],
    });
  };
  const mayAct = (code: string) => own.includes(code) && (key.units === null || key.units.includes(code));
  if (!mayAct(e.managingUnit)) refuse('/managingUnit', e.managingUnit);
  const body = parseEniExpedienteId(e.expediente)?.dir3;
  if (body !== undefined && !mayAct(body)) refuse('/expediente', body);
}

/**
 * `POST /v1/expedientes/{id}/status`: the canonical expediente-status as JSON
 * (./accept-canonical.ts); `{id}` must be the payload's ENI identifier.
 */
export function acceptExpedienteStatus(ctx: IntakeContext, input: IntakeInput, id: string): Promise<Accepted> {
  return acceptCanonical<ExpedienteStatus>(ctx, input, {
    type: 'expediente-status', adapter: 'expediente-status-json@1', label: 'expediente status', target: id,
    check: (e, now) => [
      ...(e.expediente === id ? [] : [{ pointer: '/expediente', code: 'EXPEDIENTE_ID_MISMATCH', message: 'must be the expediente of the URL' }]),
      ...checkExpedienteStatus(e, now),
    ],
    authorize: authorizeExpediente,
    occurredAt: (e) => e.dates.changedAt,
  });
}
