import type { Logger } from 'pino';
import type { TenantConfig } from '../../config/types';
import { createEnvelope } from '../../core/envelope';
import { TenantEventNames } from '../../events/payload';
import type { ExchangeRow, Journal, NewMessage } from '../../journal/journal';
import { ficheroToRegistryEntry } from '../../../transforms/sicres3-to-registry-entry';
import type { ParsedFichero } from '../fichero';
import { FIRST_RECEPTION, receiverNext, type ReceiverState } from '../lifecycle';
import { parseFichero } from '../parse-fichero';
import { judgeFichero, type AnnexLimits, type Directory } from '../reception';
import type { ControlSender } from './control-sender';
import { markReturned, receiveRejection } from './fichero-ours';
import { controlFor, replyError } from './reply';
import type { ControlAnswer } from './control-received';
import { proxiedTenant, type SirProxyRelay, type TenantEvents } from './hooks';

/** The route name of entries SIR brings us: journaled, never published to a delivery route. */
export const SIR_INBOUND_ROUTE = 'sir-inbound';

export interface FicheroReceptionContext {
  journal: Journal;
  tenants: TenantConfig[];
  /** Configured annex limits (`annexes` in the configuration). */
  annexLimits?: Partial<AnnexLimits>;
  /** The configured DIR3 directory (`dir3.file`, src/sir/directory.ts); without it any well-formed code exists. */
  directory?: Directory;
  sender: ControlSender;
  logger: Logger;
  /** CIR proxy mode: ficheros for a proxied tenant's offices go to its application. */
  proxy?: SirProxyRelay;
  /** Webhook notices (`inbox.entry-received`). */
  events?: TenantEvents;
}

const tenantOf = (tenants: TenantConfig[], office: string | undefined) => tenants.find((t) => office !== undefined && t.offices.includes(office));

/**
 * A fichero the CIR brought us through WS_SIR8_B (reference §10, §8.3): judged with the
 * reception rules (drop: refused, nothing sent back; error: refused and an ERROR sent; accept:
 * stored for the office's tenant and an ACK sent). The same exchange again is answered as its
 * state says: ACK again, CONFIRMACIÓN again, or ERROR 0037.
 */
export async function receiveFichero(ctx: FicheroReceptionContext, registro: string): Promise<ControlAnswer> {
  let parsed: ParsedFichero;
  try {
    parsed = parseFichero(registro);
  } catch {
    return { codigo: '0037', descripcion: 'ERROR EN LA VALIDACION FORMATO XML: not a SICRES 3 fichero' };
  }
  const proxied = ctx.proxy && proxiedTenant(ctx.tenants, parsed.destination?.Codigo_Entidad_Registral_Destino);
  if (proxied) return ctx.proxy!.relayFichero(proxied, registro, parsed);
  const own = { isOurs: (office: string) => tenantOf(ctx.tenants, office) !== undefined };
  const verdict = judgeFichero(parsed, { own, directory: ctx.directory, annexLimits: ctx.annexLimits });
  const descripcion = `ERROR EN LA VALIDACION FORMATO XML: ${verdict.reasons.join('; ')}`.slice(0, 1000);
  if (verdict.outcome === 'drop') return { codigo: '0037', descripcion };
  if (verdict.outcome === 'error') return replyError(ctx.sender, parsed, verdict.code ?? '0037', descripcion);
  const exchangeId = parsed.control!.Identificador_Intercambio!;
  const annotation = parsed.control?.Tipo_Anotacion;
  if (annotation === '04') return receiveRejection(ctx, parsed, exchangeId);
  if (annotation === '03') {
    const ours = await ctx.journal.getExchange('outgoing', exchangeId);
    if (ours) await markReturned(ctx, parsed, ours);
  }
  const known = await ctx.journal.getExchange('incoming', exchangeId);
  if (known) return again(ctx, parsed, known, registro);
  return store(ctx, parsed, exchangeId, registro);
}

/** The inbox message of a fichero for one of a tenant's offices, or the problems that stop the mapping. */
function inboxMessage(ctx: FicheroReceptionContext, parsed: ParsedFichero): { message?: NewMessage; tenant: TenantConfig; problems: string } {
  const { entry, problems } = ficheroToRegistryEntry(parsed);
  const tenant = tenantOf(ctx.tenants, parsed.destination?.Codigo_Entidad_Registral_Destino)!;
  if (problems.length) return { tenant, problems: problems.map((p) => `${p.pointer} ${p.code}`).join('; ') };
  const envelope = createEnvelope({
    type: 'registry-entry', schemaVersion: 1, tenant: tenant.code, source: { system: 'SIR', adapter: 'sicres3@3.0' }, payload: entry,
    occurredAt: entry.origin.registryDate,
  });
  return { message: { envelope, route: SIR_INBOUND_ROUTE, registryNumber: entry.origin.registryNumber }, tenant, problems: '' };
}

async function store(ctx: FicheroReceptionContext, parsed: ParsedFichero, exchangeId: string, registro: string): Promise<ControlAnswer> {
  const { message, tenant, problems } = inboxMessage(ctx, parsed);
  if (!message) return replyError(ctx.sender, parsed, '0037', problems);
  const { envelope } = message;
  await ctx.journal.insertMessage(message);
  const opened = await ctx.journal.openExchange({
    direction: 'incoming', exchangeId, messageId: envelope.id, tenant: tenant.code, state: FIRST_RECEPTION.state, fichero: registro,
  });
  if (!opened) {
    // The same fichero arrived twice at once: the other request stored it; answer as a duplicate.
    const known = await ctx.journal.getExchange('incoming', exchangeId);
    if (known) return again(ctx, parsed, known, registro);
  }
  ctx.logger.info({ exchangeId, tenant: tenant.code }, 'SIR entry received for a municipality');
  await acknowledge(ctx, parsed, exchangeId, envelope.id, 'received');
  await announce(ctx, parsed, tenant.code, envelope.id, exchangeId);
  return { codigo: '00', descripcion: 'Exito' };
}

/** The tenant's webhook learns of a new inbox entry (best effort: the entry is stored either way). */
async function announce(ctx: FicheroReceptionContext, parsed: ParsedFichero, tenant: string, messageId: string, exchangeId: string): Promise<void> {
  await ctx.events
    ?.publish({ tenant, event: TenantEventNames.inboxEntryReceived, messageId, data: { exchangeId, office: parsed.destination?.Codigo_Entidad_Registral_Destino } })
    .catch((err: unknown) => ctx.logger.error({ err, exchangeId }, 'could not queue the tenant event'));
}

/**
 * An entry we forwarded or rejected comes back to one of our offices (a REENVÍO): a new inbox
 * entry for the tenant of that office (maybe another municipality), the exchange re-pointed to
 * it, in one transaction. The ACK is queued first: should the move not happen, the CIR's re-send
 * finds the exchange as it was.
 */
async function comesBack(ctx: FicheroReceptionContext, parsed: ParsedFichero, known: ExchangeRow, registro: string): Promise<ControlAnswer> {
  const { message, tenant, problems } = inboxMessage(ctx, parsed);
  if (!message) return replyError(ctx.sender, parsed, '0037', problems);
  await acknowledge(ctx, parsed, known.exchangeId, known.messageId, known.state);
  const by = parsed.origin?.Codigo_Entidad_Registral_Origen ?? '?';
  const move = {
    direction: 'incoming' as const, exchangeId: known.exchangeId, from: known.state, to: 'received',
    facts: { fichero: registro, messageId: message.envelope.id, tenant: tenant.code, resends: 0 },
    hop: { event: 'sir-received-again', outcome: 'info' as const, code: '03', detail: `forwarded to us by ${by}` },
  };
  if (await ctx.journal.moveExchangeWith(move, message)) await announce(ctx, parsed, tenant.code, message.envelope.id, known.exchangeId);
  return { codigo: '00', descripcion: 'Exito' };
}

/** Queue our ACK, with a hop on the entry (the exchange's state unchanged). */
function acknowledge(ctx: FicheroReceptionContext, parsed: ParsedFichero, exchangeId: string, messageId: string | null, state: string): Promise<void> {
  return ctx.sender.send(controlFor(parsed, { type: '01', description: 'ACK' }), {
    messageId, record: (hop) => ctx.journal.moveExchange('incoming', exchangeId, state, state, {}, hop),
  });
}

/**
 * The same exchange again (§8.3): an ENVÍO repeated (ACK again, or CONFIRMACIÓN again once
 * accepted), or the entry coming back to us as a REENVÍO after we forwarded or rejected it
 * (received again, with the new fichero kept, and ACKed). Anything else: ERROR 0037.
 */
async function again(ctx: FicheroReceptionContext, parsed: ParsedFichero, known: ExchangeRow, registro: string): Promise<ControlAnswer> {
  const kind = parsed.control?.Tipo_Anotacion === '03' ? 'fichero-03' : 'fichero-02';
  const step = receiverNext(known.state as ReceiverState, { kind });
  if (step.action === 'send-ack' && step.state !== known.state) return comesBack(ctx, parsed, known, registro);
  if (step.action === 'send-ack') {
    await acknowledge(ctx, parsed, known.exchangeId, known.messageId, known.state);
  } else if (step.action === 'send-confirmation') {
    await ctx.sender.send(controlFor(parsed, {
      type: '03', description: 'CONFIRMACION', destinationRegistryNumber: known.registryNumber ?? '', destinationRegistryDate: known.registryDate ?? '',
    }), { messageId: known.messageId, record: (hop) => ctx.journal.moveExchange('incoming', known.exchangeId, known.state, known.state, {}, hop) });
  } else {
    return replyError(ctx.sender, parsed, '0037', `ENVIO con estado incompatible (${known.state})`);
  }
  return { codigo: '00', descripcion: 'Exito' };
}
