import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import type { Config } from '../config/types';
import type { Envelope } from '../core/envelope';
import type { Receipt } from '../core/plugin';
import { TENANT_EVENTS_ROUTE, tenantEventMessage } from '../events';
import { TenantEventNames } from '../events/payload';
import type { Journal } from '../journal/journal';
import type { ApplyOutcome, NoticeFor, StateEvent } from '../journal/notifica';
import { publishRecorded } from '../pipeline/enqueue';

export interface NotificaTrackerDeps {
  journal: Journal;
  logger: Logger;
  /** Where tenants' webhook notices go; absent: none are made. */
  notices?: { tenants: Config['tenants']; bus: Bus };
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
 * hops, src/journal/kysely-notifica.ts) and tenant notices. A notice is inserted in the same
 * transaction as its change and published after it, so none is lost. A held callback and the
 * recording of envíos each look for the other after committing, so one of them always sees
 * both; applying the same report twice changes nothing.
 */
export function createNotificaTracker(deps: NotificaTrackerDeps): NotificaTracker {
  const store = deps.journal.notifica;
  const notices = deps.notices && deps.notices.bus.hasRoute(TENANT_EVENTS_ROUTE) ? deps.notices : undefined;

  const noticeFor: NoticeFor | undefined = notices && ((o) => {
    const e = o.envio;
    return tenantEventMessage(notices.tenants, {
      tenant: e.tenant, event: TenantEventNames.notificationStateChanged, messageId: e.messageId,
      data: { identificador: e.identificador, recipient: e.recipientIndex + 1, recipients: e.recipients, state: e.state, previous: o.previous, at: e.stateAt, final: e.final, closed: o.closed },
    }, e.messageId);
  });

  async function apply(event: StateEvent): Promise<ApplyOutcome> {
    const { notice, ...outcome } = await store.applyState(event, noticeFor);
    // A publish that fails leaves the row `received`: the webhook route's recovery queues it again.
    if (notice && notices) await publishRecorded({ journal: deps.journal, bus: notices.bus, logger: deps.logger }, notice.envelope, notice.route, 'notification.state-changed');
    if (outcome.kind === 'changed' || outcome.kind === 'late') {
      deps.logger.info({ identificador: event.identificador, messageId: outcome.envio.messageId, state: event.estado, source: event.source, outcome: outcome.kind }, 'Notific@ envío state recorded');
    }
    return outcome as ApplyOutcome;
  }

  async function applyHeld(identificador: string): Promise<ApplyOutcome | undefined> {
    let last: ApplyOutcome | undefined;
    for (const held of await store.takeEarly(identificador)) last = await apply(held);
    return last;
  }

  return {
    async report(event) {
      const outcome = await apply(event);
      if (outcome.kind !== 'unknown') return outcome;
      const held = await store.holdEarly(event);
      // The submission's answer may have been recorded meanwhile: then it did not see this one.
      if (!(await store.envio(event.identificador))) {
        deps.logger.info({ identificador: event.identificador, state: event.estado, held }, 'Notific@ reported an envío we do not know (yet)');
        return outcome;
      }
      return (await applyHeld(event.identificador)) ?? outcome;
    },

    async recordSubmission(envelope, receipt) {
      const t = receipt.tracked;
      if (t?.service !== 'notifica') return;
      await store.recordEnvios({
        messageId: envelope.id, tenant: envelope.tenant, organismo: t.organismo, recipients: t.items.length,
        envios: t.items.map((i) => ({ identificador: i.id, recipientIndex: i.index, referencia: i.reference })),
        detail: `Notific@ took ${t.items.length} envío(s): ${t.items.map((i) => i.id).join(', ')}`,
      });
      // Committed: a callback held from now on finds the envío itself; one held before is taken here.
      for (const i of t.items) await applyHeld(i.id);
    },
  };
}
