import type { Hop, MessageRow } from '../journal/journal';

/** What a municipality sees of one of its messages: status and history, never the payload. */
export function messageView(row: MessageRow, history: Hop[]) {
  return {
    id: row.id,
    type: row.type,
    tenant: row.tenant,
    route: row.route,
    status: row.status,
    registryNumber: row.registryNumber,
    exchangeId: row.exchangeId,
    attempts: row.attempts,
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
