import { checkNotification } from '../core/check-notification';
import { Errors, PasarelaError } from '../core/errors';
import type { Notification } from '../core/notification';
import type { TenantConfig } from '../config/types';
import type { ApiKeyRow } from '../journal/journal';
import { acceptCanonical, type CanonicalIntake } from './accept-canonical';
import type { IntakeContext, IntakeInput } from './accept-steps';
import type { Accepted } from './idempotency';

/** The issuing body must be one of the tenant's units (or the tenant itself) and, for a key bound to units, one of those. */
export function authorizeIssuer(tenant: TenantConfig, key: ApiKeyRow, n: Pick<Notification, 'issuingBody'>): void {
  const own = [tenant.code, ...(tenant.units ?? [])];
  if (!own.includes(n.issuingBody) || (key.units !== null && !key.units.includes(n.issuingBody))) {
    const whose = own.includes(n.issuingBody) ? "the key's" : "the key's tenant's";
    throw new PasarelaError(Errors.AUTH_FORBIDDEN_UNIT, `The key may not notify for issuing body ${n.issuingBody}`, {
      problems: [{ pointer: '/issuingBody', code: 'AUTH_FORBIDDEN_UNIT', message: `is not one of ${whose} units` }],
    });
  }
}

const NOTIFICATION: CanonicalIntake<Notification> = {
  type: 'notification', adapter: 'notification-json@1', label: 'notification',
  check: (n, now) => checkNotification(n, now),
  authorize: authorizeIssuer,
};

/** `POST /v1/notifications`: the canonical notification as JSON (./accept-canonical.ts). */
export function acceptNotification(ctx: IntakeContext, input: IntakeInput): Promise<Accepted> {
  return acceptCanonical(ctx, input, NOTIFICATION);
}
