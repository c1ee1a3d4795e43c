import type { Logger } from 'pino';
import type { Envelope } from '../core/envelope';
import type { Receipt } from '../core/plugin';
import { TenantEventNames } from '../events/payload';
import type { Journal } from '../journal/journal';
import type { ApplyOutcome, StateEvent } from '../journal/notifica';
import type { TenantEvents } from '../sir/inbound/hooks';

export interface NotificaTrackerDeps {
  journal: Journal;
  /** Webhook notices to tenants; absent: none are sent. */
  events?: TenantEvents;
  logger: Logger;
}

export interface NotificaTracker {
  /**
   * Apply a state Notific@ reported (callback, poll, our cancel). A state for an identificador
   * not known yet is held, so a callback that overtakes the submission's answer is applied when
   * the answer is recorded; resolves `unknown` then.
   */
  report(event: StateEvent): Promise<ApplyOutcome>;
  /** The route worker's `onDelivered`: record the envíos a receipt names, then apply what came early. */
  recordSubmission(envelope: Envelope, receipt: Receipt): Promise<void>;
}

/**
 * State tracking of Notific@ envíos: one place where reports become journal changes (with their
 * hops, ./journal/kysely-notifica.ts) and tenant notices. Ordering: a held callback and the
 * recording of envíos each check the other after committing, so one of them always sees both.
 */
export function createNotificaTracker(deps: NotificaTrackerDeps): NotificaTracker {
  const store = deps.journal.notifica;

  async function applyAndTell(event: StateEvent): Promise<ApplyOutcome> {
    const outcome = await store.applyState(event);
    if (outcome.kind === 'changed') await tell(outcome);
    if (outcome.kind === 'changed' || outcome.kind === 'late') {
      deps.logger.info({ identificador: event.identificador, messageId: outcome.envio.messageId, state: event.estado, source: event.source, outcome: outcome.kind }, 'Notific@ envío state recorded');
    }
    return outcome;
  }

  async function tell(o: Extract<ApplyOutcome, { kind: 'changed' }>): Promise<void> {
    if (!deps.events) return;
    const e = o.envio;
    await deps.events.publish({
      tenant: e.tenant, event: TenantEventNames.notificationStateChanged, messageId: e.messageId,
      data: { identificador: e.identificador, recipient: e.recipientIndex + 1, recipients: e.recipients, state: e.state, previous: o.previous, at: e.stateAt, final: e.final, closed: o.closed },
    }).catch((err: unknown) => deps.logger.warn({ err, messageId: e.messageId }, 'could not queue the tenant notice of a Notific@ state; the state is recorded'));
  }

  async function applyHeld(identificador: string): Promise<ApplyOutcome | undefined> {
    let last: ApplyOutcome | undefined;
    for (const held of await store.takeEarly(identificador)) last = await applyAndTell(held);
    return last;
  }

  return {
    async report(event) {
      const outcome = await applyAndTell(event);
      if (outcome.kind !== 'unknown') return outcome;
      await store.holdEarly(event);
      // The submission's answer may have been recorded meanwhile: then it did not see this one.
      if (!(await store.envio(event.identificador))) {
        deps.logger.info({ identificador: event.identificador, state: event.estado }, 'Notific@ reported an envío we do not know (yet); held');
        return outcome;
      }
      return (await applyHeld(event.identificador)) ?? outcome;
    },

    async recordSubmission(envelope, receipt) {
      const t = receipt.tracked;
      if (t?.service !== 'notifica') return;
      const { recorded, early } = await store.recordEnvios({
        messageId: envelope.id, tenant: envelope.tenant, organismo: t.organismo, recipients: t.items.length,
        envios: t.items.map((i) => ({ identificador: i.id, recipientIndex: i.index, referencia: i.reference })),
        detail: `Notific@ took ${t.items.length} envío(s): ${t.items.map((i) => i.id).join(', ')}`,
      });
      if (!recorded && early.length === 0) return;
      for (const held of early) await applyAndTell(held);
    },
  };
}
