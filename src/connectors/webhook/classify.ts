import { Errors, type PasarelaError } from '../../core/errors';
import { classifyReceiverStatus, classifyReceiverTransport, type ReceiverTarget } from '../http/receiver';

/**
 * A tenant's webhook as a receiver (../http/receiver.ts): WEBHOOK_UNAVAILABLE (retryable) for
 * 408, 429, 5xx and transport failures; WEBHOOK_REFUSED (parked) for any other answer.
 */
export function webhookTarget(tenant: string): ReceiverTarget {
  return { service: 'webhook', label: `The webhook of ${tenant}`, unavailable: Errors.WEBHOOK_UNAVAILABLE, refused: Errors.WEBHOOK_REFUSED, details: { tenant } };
}

/** undefined when `status` means delivered; otherwise the coded failure. */
export function classifyStatus(status: number, tenant: string): PasarelaError | undefined {
  return classifyReceiverStatus(status, webhookTarget(tenant));
}

export interface TransportFacts {
  tenant: string;
  /** Our own deadline ran out (not the worker's signal). */
  timedOut: boolean;
  timeoutMs: number;
}

/** A call that got no HTTP answer: always retryable (the receiver may be back later). */
export function classifyTransportError(err: unknown, f: TransportFacts): PasarelaError {
  return classifyReceiverTransport(err, webhookTarget(f.tenant), f);
}
