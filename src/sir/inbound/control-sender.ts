import type { TenantConfig } from '../../config/types';
import { createEnvelope } from '../../core/envelope';
import { Errors, PasarelaError } from '../../core/errors';
import type { HopInput } from '../../journal/journal';
import { enqueueMessage, type EnqueueDeps } from '../../pipeline/enqueue';
import type { ControlMessage } from '../control-message';

/** The route that delivers control messages to SIR's WS_SIR7 (routes/sir-control-to-sir.yaml). */
export const SIR_CONTROL_ROUTE = 'sir-control-to-sir';

export interface ControlSenderDeps extends EnqueueDeps {
  tenants: readonly TenantConfig[];
}

const HOP_EVENT = { '01': 'sir-ack-queued', '02': 'sir-error-queued', '03': 'sir-confirmation-queued' } as const;

/**
 * Our ACK / ERROR / CONFIRMACIÓN to the CIR, as `sir-control` messages on SIR_CONTROL_ROUTE: in
 * the journal and the queue before `send` resolves, then delivered through WS_SIR7 with the
 * route's retries and parking (and replayable like any message), from any worker process.
 *
 * Each is recorded under the tenant that owns its origin office; an ERROR from an office that is
 * not ours (a fichero refused because its destination is no tenant's) under the first configured
 * tenant, the Diputación that runs pasarela.
 */
export function createControlSender(deps: ControlSenderDeps) {
  const tenantOf = (office: string): string => (deps.tenants.find((t) => t.offices.includes(office)) ?? deps.tenants[0]).code;
  return {
    /**
     * Queue `m`. With `about`, a hop `sir-ack-queued`/`sir-error-queued`/`sir-confirmation-queued`
     * is appended to the history of the message it answers (`about.record`). Throws when the
     * journal cannot take it (the caller answers the CIR with a Server fault; the CIR tries again).
     */
    async send(m: ControlMessage, about?: { messageId?: string | null; record(hop: HopInput): Promise<unknown> }): Promise<void> {
      const envelope = createEnvelope({
        type: 'sir-control', schemaVersion: 1, tenant: tenantOf(m.originOffice), source: { system: 'pasarela', adapter: 'sir-answer' },
        payload: m, ...(about?.messageId ? { correlationId: about.messageId, causationId: about.messageId } : {}),
      });
      try {
        await enqueueMessage(deps, { envelope, route: SIR_CONTROL_ROUTE, detail: `${HOP_EVENT[m.type]} for ${m.exchangeId}` });
      } catch (e) {
        throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'The control message for SIR could not be queued', { cause: e });
      }
      await about?.record({ event: HOP_EVENT[m.type], outcome: 'ok', code: m.type, detail: `as message ${envelope.id}` })
        .catch((err: unknown) => deps.logger.warn({ err, exchangeId: m.exchangeId }, 'control message queued; its hop could not be recorded'));
    },
  };
}

export type ControlSender = ReturnType<typeof createControlSender>;
