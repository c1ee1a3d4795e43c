import type { Logger } from 'pino';
import { asPasarelaError, Errors } from '../core/errors';
import type { Connector, Transform } from '../core/plugin';
import type { ExchangeRow, Journal, MessageRow } from '../journal/journal';
import type { ExchangeDirection } from '../journal/journal';
import { receiverNext, senderNext } from './lifecycle';

export interface AckWatchDeps {
  /** By route name: how each route that sends ficheros to SIR sends one (its transform and connector). */
  senders: Record<string, { transform: Transform<any, any>; connector: Connector<any, any> }>;
  journal: Journal;
  logger: Logger;
  /** No ACK within this long after a sending: send the same fichero again. */
  ackTimeoutMs: number;
  maxResends: number;
  /** Per-call budget of a re-send. */
  deliveryTimeoutMs: number;
}

const BATCH = 25;

/**
 * Ficheros we sent that got no ACK (or ERROR) in time are sent again, the same fichero with the
 * same id (reference §8.4), up to `maxResends`; then the message is parked (`SIR_NO_ACK`) and the
 * exchange marked unacknowledged. That holds for our ENVÍOs (outgoing exchanges `sent`) and for
 * the REENVÍO/RECHAZO we sent of an entry SIR brought us (incoming exchanges `forwarded` /
 * `rejected`, once their message is delivered). Runs in worker processes, one watch for every
 * route that sends ficheros to SIR, each message re-sent the way its route sends it. A re-send is recorded with a guarded move, so two workers never
 * count the same re-send twice.
 */
export function startAckWatch(deps: AckWatchDeps): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const every = Math.max(250, Math.min(60_000, Math.floor(deps.ackTimeoutMs / 4)));
  const tick = (): void => {
    checkAcks(deps)
      .catch((err: unknown) => deps.logger.warn({ err }, 'ACK watch failed; will try again'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, every).unref();
      });
  };
  timer = setTimeout(tick, every).unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** One pass; resolves how many exchanges it acted on. */
export async function checkAcks(deps: AckWatchDeps): Promise<number> {
  const before = new Date(Date.now() - deps.ackTimeoutMs).toISOString();
  const waiting = await deps.journal.listExchanges('outgoing', 'sent', before, BATCH);
  for (const x of waiting) await act(deps, x);
  let acted = waiting.length;
  for (const state of HOP_STATES) {
    const hops = await deps.journal.listExchanges('incoming', state, before, BATCH);
    for (const x of hops) await actOnHop(deps, x, state);
    acted += hops.length;
  }
  return acted;
}

/** Incoming exchanges whose REENVÍO or RECHAZO waits for its ACK. */
const HOP_STATES = ['forwarded', 'rejected'] as const;

async function actOnHop(deps: AckWatchDeps, x: ExchangeRow, state: (typeof HOP_STATES)[number]): Promise<void> {
  const row = x.hopMessageId ? await deps.journal.getMessage(x.hopMessageId) : undefined;
  // Until SIR took it, the route's own retries are at work: nothing to re-send yet.
  if (!row || !deps.senders[row.route] || row.status !== 'delivered') return;
  const step = receiverNext(state, { kind: 'ack-timeout', resends: x.resends, maxResends: deps.maxResends });
  if (step.action === 'park') return giveUp(deps, 'incoming', x, state, step.state, row);
  const resends = x.resends + 1;
  const outcome = await resend(deps, row, resends);
  await deps.journal.moveExchange('incoming', x.exchangeId, state, state, { resends }, resentHop(deps, outcome, resends));
}

function resentHop(deps: AckWatchDeps, outcome: { ok: boolean; code: string }, resends: number) {
  return {
    event: outcome.ok ? 'sir-resent' : 'sir-resend-failed', outcome: outcome.ok ? ('info' as const) : ('error' as const), attempt: resends,
    code: outcome.code, detail: `No ACK within ${deps.ackTimeoutMs} ms: the same fichero sent again (${resends} of ${deps.maxResends})`,
  };
}

async function act(deps: AckWatchDeps, x: ExchangeRow): Promise<void> {
  const row = x.messageId ? await deps.journal.getMessage(x.messageId) : undefined;
  if (!row || !deps.senders[row.route]) return;
  const step = senderNext('sent', { kind: 'ack-timeout', resends: x.resends, maxResends: deps.maxResends });
  if (step.action === 'park') return giveUp(deps, 'outgoing', x, 'sent', step.state, row);
  const resends = x.resends + 1;
  const outcome = await resend(deps, row, resends);
  // Guarded on the state we read: another worker that acted first wins, this pass writes nothing.
  await deps.journal.moveExchange('outgoing', x.exchangeId, 'sent', 'sent', { resends }, resentHop(deps, outcome, resends));
}

/**
 * Re-sends used up: the exchange is unacknowledged (a hop in its message's history) and the
 * message that carried the fichero is parked with its evidence.
 */
async function giveUp(deps: AckWatchDeps, direction: ExchangeDirection, x: ExchangeRow, from: string, to: string, row: MessageRow): Promise<void> {
  const def = Errors.SIR_NO_ACK;
  const detail = `${def.title} (${x.resends} re-sends, ${deps.ackTimeoutMs} ms each)`;
  const moved = await deps.journal.moveExchange(direction, x.exchangeId, from, to, {}, { event: 'sir-no-ack', outcome: 'error', code: def.code, detail });
  if (!moved) return;
  await deps.journal.park({
    messageId: row.id, route: row.route, tenant: row.tenant, code: def.code, detail, attempts: row.attempts,
    body: JSON.stringify(row.envelope), bodyEncoding: 'json', from: ['delivered'],
  });
  deps.logger.error({ messageId: row.id, exchangeId: x.exchangeId }, 'no ACK from SIR after every re-send; parked');
}

async function resend(deps: AckWatchDeps, row: MessageRow, resends: number): Promise<{ ok: boolean; code: string }> {
  const { transform, connector } = deps.senders[row.route];
  try {
    const payload = transform.apply(row.envelope as never);
    const receipt = await connector.deliver(payload, {
      signal: AbortSignal.timeout(deps.deliveryTimeoutMs), attempt: resends, idempotencyKey: row.id, route: row.route, logger: deps.logger, messageId: row.id, tenant: row.tenant,
    });
    return { ok: true, code: receipt.code };
  } catch (e) {
    const err = asPasarelaError(e, Errors.PIPELINE_UNEXPECTED_ERROR);
    deps.logger.warn({ code: err.code }, 'a re-send for want of an ACK failed; counted, tried again at the next time-out');
    return { ok: false, code: err.code };
  }
}
