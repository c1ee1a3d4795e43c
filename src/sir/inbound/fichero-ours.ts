import { TenantEventNames } from '../../events/payload';
import type { ExchangeRow } from '../../journal/journal';
import type { ParsedFichero } from '../fichero';
import { senderNext, type SenderState } from '../lifecycle';
import type { ControlAnswer } from './control-received';
import type { FicheroReceptionContext } from './fichero-received';
import { controlFor, replyError } from './reply';

const OK: ControlAnswer = { codigo: '00', descripcion: 'Exito' };

/** Who sent the hop and why, for the history (the reason is the other office's short text, ≤ 80). */
function hopDetail(f: ParsedFichero, verb: string): string {
  const by = f.origin?.Codigo_Entidad_Registral_Origen ?? '?';
  const reason = (f.control?.Descripcion_Tipo_Anotacion ?? '').slice(0, 80);
  return reason ? `${verb} by ${by}: ${reason}` : `${verb} by ${by}`;
}

async function notify(ctx: FicheroReceptionContext, exchange: ExchangeRow, event: string, f: ParsedFichero): Promise<void> {
  if (!ctx.events || !exchange.tenant || !exchange.messageId) return;
  await ctx.events
    .publish({ tenant: exchange.tenant, event, messageId: exchange.messageId, data: { exchangeId: exchange.exchangeId, by: f.origin?.Codigo_Entidad_Registral_Origen } })
    .catch((err: unknown) => ctx.logger.error({ err, exchangeId: exchange.exchangeId, event }, 'could not queue the tenant event'));
}

/**
 * A RECHAZO (`04`) of an exchange we started (§8.1 flows 3 and 4, §8.2): the exchange becomes
 * `rejected` and the rejecting office gets our ACK. A rejection of an exchange we do not know is
 * answered ERROR 0065; of one already rejected (or in a state that cannot be rejected), ERROR 0037.
 */
export async function receiveRejection(ctx: FicheroReceptionContext, f: ParsedFichero, exchangeId: string): Promise<ControlAnswer> {
  const ours = await ctx.journal.getExchange('outgoing', exchangeId);
  if (!ours) return replyError(ctx.sender, f, '0065', `RECHAZO de un intercambio desconocido (${exchangeId})`);
  const step = senderNext(ours.state as SenderState, { kind: 'fichero-04' });
  if (step.ignored || step.action === 'reply-error-0037') {
    return replyError(ctx.sender, f, '0037', `RECHAZO con estado incompatible (${ours.state})`);
  }
  // The ACK is queued before the state moves: should the move not happen (a crash, an outage), the
  // CIR sends the RECHAZO again and finds the exchange as it was, instead of an ERROR 0037.
  await ctx.sender.send(controlFor(f, { type: '01', description: 'ACK' }), {
    messageId: ours.messageId, record: (h) => ctx.journal.moveExchange('outgoing', exchangeId, ours.state, ours.state, {}, h),
  });
  const hop = { event: 'sir-rejected', outcome: 'error' as const, code: '04', detail: hopDetail(f, 'rejected') };
  if (await ctx.journal.moveExchange('outgoing', exchangeId, ours.state, step.state, {}, hop)) {
    ctx.logger.info({ exchangeId, from: ours.state }, 'SIR exchange rejected by its destination');
    await notify(ctx, ours, TenantEventNames.exchangeRejected, f);
  }
  return OK;
}

/**
 * A REENVÍO (`03`) that brings an exchange we started back to one of our offices: the outgoing
 * exchange becomes `returned` (§8.2, DEVUELTO). The entry itself is then received like any other
 * (the caller stores it in the inbox and ACKs it).
 */
export async function markReturned(ctx: FicheroReceptionContext, f: ParsedFichero, ours: ExchangeRow): Promise<void> {
  const step = senderNext(ours.state as SenderState, { kind: 'fichero-03' });
  if (step.ignored) return;
  const hop = { event: 'sir-returned', outcome: 'error' as const, code: '03', detail: hopDetail(f, 'returned') };
  if (await ctx.journal.moveExchange('outgoing', ours.exchangeId, ours.state, step.state, {}, hop)) {
    await notify(ctx, ours, TenantEventNames.exchangeReturned, f);
  }
}
