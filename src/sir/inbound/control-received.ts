import type { Logger } from 'pino';
import { isPasarelaError } from '../../core/errors';
import type { TenantConfig } from '../../config/types';
import type { ExchangeRow, Journal } from '../../journal/journal';
import { parseControlMessage, type ControlMessage } from '../control-message';
import { receiverNext, senderNext, type ReceiverState, type SenderEvent, type SenderState } from '../lifecycle';
import { proxiedTenant, type SirProxyRelay } from './hooks';

export interface ControlReceptionContext {
  journal: Journal;
  tenants: readonly TenantConfig[];
  logger: Logger;
  /** CIR proxy mode: messages for a proxied tenant's offices go to its application. */
  proxy?: SirProxyRelay;
}

/** What pasarela answers the CIR for one control message (RespuestaWS). */
export interface ControlAnswer {
  codigo: string;
  descripcion: string;
}

const OK: ControlAnswer = { codigo: '00', descripcion: 'Exito' };
/** The code regweb3 answers for a control message it cannot take (reference §10, last paragraph). */
const REFUSED = '0037';

function eventOf(m: ControlMessage): SenderEvent {
  if (m.type === '01') return { kind: 'ack' };
  if (m.type === '02') return { kind: 'error', code: m.errorCode ?? '' };
  return { kind: 'confirmation', registryNumber: m.destinationRegistryNumber ?? '', registryDate: m.destinationRegistryDate ?? '' };
}

const HOP_EVENT = { '01': 'sir-ack', '02': 'sir-error', '03': 'sir-confirmed' } as const;

function hopDetail(m: ControlMessage): string | null {
  if (m.type === '03') return `registered at destination as ${m.destinationRegistryNumber} on ${m.destinationRegistryDate}`;
  if (m.type === '02') return (m.description ?? '').slice(0, 300) || null;
  return null;
}

/** An incoming exchange we forwarded (03) or rejected (04): the ACK or ERROR is about that fichero (duplicates included). */
const isOurHop = (state: string): boolean => state.startsWith('forwarded') || state.startsWith('rejected');

/**
 * A control message the CIR brought us through WS_SIR9: parsed, then
 * - for a proxied tenant's office: relayed to its application (docs/sir-proxy.md);
 * - the ACK or ERROR of a REENVÍO/RECHAZO we sent for an entry SIR brought us: applied to that
 *   incoming exchange (§8.3);
 * - otherwise about an exchange we started: checked (ours, addressed to its starting office) and
 *   applied to its life cycle (src/sir/lifecycle) with a hop in the message history.
 * Duplicates (a second ACK or CONFIRMACIÓN) are answered `00` and change nothing (§8.1 flow 5).
 */
export async function receiveControlMessage(ctx: ControlReceptionContext, mensaje: string): Promise<ControlAnswer> {
  const { journal, logger } = ctx;
  let m: ControlMessage;
  try {
    m = parseControlMessage(mensaje);
  } catch (e) {
    if (!isPasarelaError(e)) throw e;
    logger.warn({ code: e.code }, 'WS_SIR9: control message refused');
    return { codigo: REFUSED, descripcion: e.message };
  }
  const proxied = ctx.proxy && proxiedTenant(ctx.tenants, m.destinationOffice);
  if (proxied) {
    // The application answers SIR itself; we still follow exchanges sent through the proxy, so
    // their state is visible and the ACK watch does not re-send what was acknowledged.
    const sentByProxy = await journal.getExchange('outgoing', m.exchangeId);
    if (sentByProxy) await apply(journal, sentByProxy, m, logger);
    return ctx.proxy!.relayControl(proxied, mensaje, m);
  }
  const incoming = m.type === '03' ? undefined : await journal.getExchange('incoming', m.exchangeId);
  if (incoming && isOurHop(incoming.state)) return applyToIncoming(journal, incoming, m, logger);
  const exchange = await journal.getExchange('outgoing', m.exchangeId);
  // Our exchange ids start with the starting office, which is where every answer is addressed.
  if (!exchange || !m.exchangeId.startsWith(`${m.destinationOffice}_`)) {
    logger.warn({ exchangeId: m.exchangeId, type: m.type }, 'WS_SIR9: control message for an exchange we did not send');
    return { codigo: REFUSED, descripcion: `No exchange ${m.exchangeId} sent from ${m.destinationOffice}` };
  }
  await apply(journal, exchange, m, logger);
  return OK;
}

async function apply(journal: Journal, first: ExchangeRow, m: ControlMessage, logger: Logger): Promise<void> {
  let exchange: ExchangeRow | undefined = first;
  // A concurrent message may move the exchange between our read and our write: read again.
  for (let round = 0; round < 3 && exchange; round++) {
    const step = senderNext(exchange.state as SenderState, eventOf(m));
    const hop = { event: HOP_EVENT[m.type], outcome: m.type === '02' ? ('error' as const) : ('ok' as const), code: m.errorCode ?? m.type, detail: hopDetail(m) };
    if (step.ignored) {
      logger.info({ exchangeId: m.exchangeId, type: m.type, state: exchange.state }, 'WS_SIR9: duplicate or late control message; nothing changes');
      return;
    }
    const facts = m.type === '03'
      ? { registryNumber: m.destinationRegistryNumber, registryDate: m.destinationRegistryDate }
      : m.type === '02' ? { errorCode: m.errorCode ?? null } : {};
    if (await journal.moveExchange('outgoing', m.exchangeId, exchange.state, step.state, facts, hop)) {
      logger.info({ exchangeId: m.exchangeId, from: exchange.state, to: step.state, action: step.action }, 'SIR exchange moved');
      return;
    }
    exchange = await journal.getExchange('outgoing', m.exchangeId);
  }
}

/** The ACK or ERROR of the REENVÍO/RECHAZO we sent: forwarded-ack, rejected-error… (§8.3). */
async function applyToIncoming(journal: Journal, exchange: ExchangeRow, m: ControlMessage, logger: Logger): Promise<ControlAnswer> {
  const event = m.type === '01' ? { kind: 'ack' as const } : { kind: 'error' as const, code: m.errorCode ?? '' };
  const step = receiverNext(exchange.state as ReceiverState, event);
  const hop = { event: HOP_EVENT[m.type], outcome: m.type === '02' ? ('error' as const) : ('ok' as const), code: m.errorCode ?? m.type, detail: hopDetail(m) };
  const facts = m.type === '02' ? { errorCode: m.errorCode ?? null } : {};
  if (!step.ignored && await journal.moveExchange('incoming', m.exchangeId, exchange.state, step.state, facts, hop)) {
    logger.info({ exchangeId: m.exchangeId, from: exchange.state, to: step.state }, 'SIR exchange moved');
  }
  return OK;
}
