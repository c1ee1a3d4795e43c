import type { ExchangeRow, Hop, MessageRow } from '../journal/journal';

/** The SIR life cycle of the exchange we sent for this message (sent, acknowledged, confirmed…). */
function exchangeView(x: ExchangeRow | undefined) {
  if (!x) return null;
  return { state: x.state, registryNumber: x.registryNumber, registryDate: x.registryDate, errorCode: x.errorCode, resends: x.resends, updatedAt: x.updatedAt };
}

/** What a municipality sees of one of its messages: status and history, never the payload. */
export function messageView(row: MessageRow, history: Hop[], exchanges: ExchangeRow[] = []) {
  return {
    id: row.id,
    type: row.type,
    tenant: row.tenant,
    route: row.route,
    status: row.status,
    registryNumber: row.registryNumber,
    exchangeId: row.exchangeId,
    attempts: row.attempts,
    replayOf: row.replayOf,
    exchange: exchangeView(exchanges.find((x) => x.direction === 'outgoing')),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    history: history.map((h) => ({
      at: h.at,
      event: h.event,
      status: h.status,
      attempt: h.attempt,
      outcome: h.outcome,
      code: h.code,
      detail: h.detail,
    })),
  };
}
