import { Errors, PasarelaError, isPasarelaError } from '../../core/errors';

/**
 * The one place where a webhook's answer becomes an outcome. 2xx: delivered. 408, 429 and 5xx
 * (the receiver is busy or failing) and transport failures (time-out, refused, reset, DNS):
 * WEBHOOK_UNAVAILABLE, retryable. Any other answer, redirects included (a signed POST is never
 * re-sent to another address): WEBHOOK_REFUSED, not retryable, so the event is parked for an
 * operator. Messages name the tenant and the status, never the URL (it may hold a token).
 */

const service = 'webhook';

/** undefined when `status` means delivered; otherwise the coded failure. */
export function classifyStatus(status: number, tenant: string): PasarelaError | undefined {
  if (status >= 200 && status <= 299) return undefined;
  const details = { service, tenant, httpStatus: status };
  if (status === 408 || status === 429 || status >= 500 || status < 100) {
    return new PasarelaError(Errors.WEBHOOK_UNAVAILABLE, `The webhook of ${tenant} answered HTTP ${status}; the event is sent again later`, { details });
  }
  const why = status >= 300 && status <= 399 ? ' (redirects are not followed: configure the final URL)' : '';
  return new PasarelaError(Errors.WEBHOOK_REFUSED, `The webhook of ${tenant} refused the event with HTTP ${status}${why}`, { details });
}

export interface TransportFacts {
  tenant: string;
  /** Our own deadline ran out (not the worker's signal). */
  timedOut: boolean;
  timeoutMs: number;
}

/** A call that got no HTTP answer: always retryable (the receiver may be back later). */
export function classifyTransportError(err: unknown, f: TransportFacts): PasarelaError {
  if (isPasarelaError(err)) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const transportCode = typeof code === 'string' ? code : undefined;
  const details = Object.fromEntries(Object.entries({ service, tenant: f.tenant, transportCode, timeoutMs: f.timedOut ? f.timeoutMs : undefined })
    .filter(([, v]) => v !== undefined));
  let message: string;
  if (f.timedOut || transportCode === 'ECONNABORTED' || transportCode === 'ETIMEDOUT') message = `The webhook of ${f.tenant} did not answer within ${f.timeoutMs} ms`;
  else if (transportCode === 'ERR_CANCELED') message = `The call to the webhook of ${f.tenant} was aborted (time-out or shutdown)`;
  else message = `The webhook of ${f.tenant} could not be reached (${transportCode ?? 'transport error'})`;
  return new PasarelaError(Errors.WEBHOOK_UNAVAILABLE, message, { cause: err, details });
}
