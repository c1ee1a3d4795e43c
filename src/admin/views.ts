import type { ParkedRow } from '../journal/journal';
import type { MessageDetail } from '../journal/operations';
import { safeJsonParse } from './json';

/**
 * What the admin API shows of a parked delivery: the evidence, never the body (it holds the
 * citizen's data; an admin reads the payload through its own audited endpoint).
 */
export function parkedView(p: ParkedRow) {
  return {
    id: p.id, code: p.code, detail: p.detail, lastResponse: p.lastResponse === null ? null : safeJsonParse(p.lastResponse),
    attempts: p.attempts, firstSeenAt: p.firstSeenAt, parkedAt: p.parkedAt,
  };
}

export function detailView(d: MessageDetail) {
  return {
    ...d,
    parked: d.parked.map(parkedView),
    exchanges: d.exchanges.map((x) => ({
      direction: x.direction, exchangeId: x.exchangeId, state: x.state, registryNumber: x.registryNumber, registryDate: x.registryDate,
      errorCode: x.errorCode, resends: x.resends, updatedAt: x.updatedAt,
    })),
    // Who received an envío is citizen data: operators see states, not the receptor.
    envios: d.envios.map((e) => ({
      identificador: e.identificador, recipient: e.recipientIndex + 1, reference: e.referencia, state: e.state, stateAt: e.stateAt, final: e.final,
      origin: e.origin, certified: e.certificate !== null, expiresOn: e.expiresOn, checkedAt: e.checkedAt, updatedAt: e.updatedAt,
    })),
  };
}
