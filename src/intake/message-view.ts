import type { ExchangeRow, Hop, MessageRow } from '../journal/journal';
import type { EnvioRow } from '../journal/notifica';

/**
 * A notification's state in Notific@: each envío (one per recipient) with its current state, who
 * received it and its certificate; `closed` once every envío is final. Null for other messages
 * and for a notification Notific@ has not taken yet.
 */
export function notificationView(row: MessageRow, envios: EnvioRow[]) {
  if (row.type !== 'notification') return undefined;
  if (envios.length === 0) return null;
  return {
    closed: envios.every((e) => e.final),
    envios: envios.map((e) => ({
      identificador: e.identificador,
      recipient: e.recipientIndex + 1,
      reference: e.referencia,
      state: e.state,
      stateAt: e.stateAt,
      final: e.final,
      origin: e.origin,
      receptor: e.receptor,
      expiresOn: e.expiresOn,
      certificate: e.certificate && { sha256: e.certificate.sha256, csv: e.certificate.csv, at: e.certificate.at, url: `/v1/notifications/${row.id}/envios/${encodeURIComponent(e.identificador)}/certificate` },
    })),
  };
}

/** The SIR life cycle of the exchange we sent for this message (sent, acknowledged, confirmed…). */
function exchangeView(x: ExchangeRow | undefined) {
  if (!x) return null;
  return { state: x.state, registryNumber: x.registryNumber, registryDate: x.registryDate, errorCode: x.errorCode, resends: x.resends, updatedAt: x.updatedAt };
}

/** What a municipality sees of one of its messages: status and history, never the payload. */
export function messageView(row: MessageRow, history: Hop[], exchanges: ExchangeRow[] = [], envios: EnvioRow[] = []) {
  const notification = notificationView(row, envios);
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
    ...(notification !== undefined && { notification }),
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
