import type { Logger } from 'pino';
import type { TenantConfig } from '../../config/types';
import { createEnvelope } from '../../core/envelope';
import type { ExchangeRow, Journal } from '../../journal/journal';
import { ficheroToRegistryEntry } from '../../../transforms/sicres3-to-registry-entry';
import type { ControlMessage } from '../control-message';
import type { ParsedFichero } from '../fichero';
import { FIRST_RECEPTION, receiverNext, type ReceiverState } from '../lifecycle';
import { parseFichero } from '../parse-fichero';
import { judgeFichero, type AnnexLimits } from '../reception';
import type { ControlSender } from './control-sender';
import type { ControlAnswer } from './control-received';

/** The route name of entries SIR brings us: journaled, never published to a delivery route. */
export const SIR_INBOUND_ROUTE = 'sir-inbound';

export interface FicheroReceptionContext {
  journal: Journal;
  tenants: TenantConfig[];
  /** Configured annex limits (`annexes` in the configuration). */
  annexLimits?: Partial<AnnexLimits>;
  sender: ControlSender;
  logger: Logger;
}

const tenantOf = (tenants: TenantConfig[], office: string | undefined) => tenants.find((t) => office !== undefined && t.offices.includes(office));

/** Our answer to the fichero's sender: origin and destination swapped (§5). */
function controlFor(f: ParsedFichero, m: Partial<ControlMessage> & Pick<ControlMessage, 'type'>): ControlMessage {
  return {
    originOffice: f.destination?.Codigo_Entidad_Registral_Destino ?? '',
    destinationOffice: f.origin?.Codigo_Entidad_Registral_Origen ?? '',
    exchangeId: f.control?.Identificador_Intercambio ?? '',
    testIndicator: f.control?.Indicador_Prueba === '1' ? '1' : '0',
    ...m,
  };
}

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
  const own = { isOurs: (office: string) => tenantOf(ctx.tenants, office) !== undefined };
  const verdict = judgeFichero(parsed, { own, annexLimits: ctx.annexLimits });
  const descripcion = `ERROR EN LA VALIDACION FORMATO XML: ${verdict.reasons.join('; ')}`.slice(0, 1000);
  if (verdict.outcome === 'drop') return { codigo: '0037', descripcion };
  if (verdict.outcome === 'error') {
    ctx.sender.send(controlFor(parsed, { type: '02', errorCode: verdict.code ?? '0037', description: descripcion }));
    return { codigo: '0037', descripcion };
  }
  const exchangeId = parsed.control!.Identificador_Intercambio!;
  const known = await ctx.journal.getExchange('incoming', exchangeId);
  if (known) return again(ctx, parsed, known);
  return store(ctx, parsed, exchangeId);
}

async function store(ctx: FicheroReceptionContext, parsed: ParsedFichero, exchangeId: string): Promise<ControlAnswer> {
  const { entry, problems } = ficheroToRegistryEntry(parsed);
  const tenant = tenantOf(ctx.tenants, parsed.destination?.Codigo_Entidad_Registral_Destino)!;
  if (problems.length) {
    const description = problems.map((p) => `${p.pointer} ${p.code}`).join('; ').slice(0, 1000);
    ctx.sender.send(controlFor(parsed, { type: '02', errorCode: '0037', description }));
    return { codigo: '0037', descripcion: description };
  }
  const envelope = createEnvelope({
    type: 'registry-entry', schemaVersion: 1, tenant: tenant.code, source: { system: 'SIR', adapter: 'sicres3@3.0' }, payload: entry,
    occurredAt: entry.origin.registryDate,
  });
  await ctx.journal.insertMessage({ envelope, route: SIR_INBOUND_ROUTE, registryNumber: entry.origin.registryNumber });
  const opened = await ctx.journal.openExchange({ direction: 'incoming', exchangeId, messageId: envelope.id, tenant: tenant.code, state: FIRST_RECEPTION.state });
  if (!opened) {
    // The same fichero arrived twice at once: the other request stored it; answer as a duplicate.
    const known = await ctx.journal.getExchange('incoming', exchangeId);
    if (known) return again(ctx, parsed, known);
  }
  ctx.logger.info({ exchangeId, tenant: tenant.code }, 'SIR entry received for a municipality');
  acknowledge(ctx, parsed, exchangeId, 'received');
  return { codigo: '00', descripcion: 'Exito' };
}

function acknowledge(ctx: FicheroReceptionContext, parsed: ParsedFichero, exchangeId: string, state: string): void {
  ctx.sender.send(controlFor(parsed, { type: '01', description: 'ACK' }), () =>
    ctx.journal.moveExchange('incoming', exchangeId, state, state, {}, { event: 'sir-ack-sent', outcome: 'ok', code: '01' }));
}

async function again(ctx: FicheroReceptionContext, parsed: ParsedFichero, known: ExchangeRow): Promise<ControlAnswer> {
  const kind = parsed.control?.Tipo_Anotacion === '03' ? 'fichero-03' : 'fichero-02';
  const step = receiverNext(known.state as ReceiverState, { kind });
  if (step.action === 'send-ack') {
    acknowledge(ctx, parsed, known.exchangeId, known.state);
  } else if (step.action === 'send-confirmation') {
    ctx.sender.send(controlFor(parsed, {
      type: '03', description: 'CONFIRMACION', destinationRegistryNumber: known.registryNumber ?? '', destinationRegistryDate: known.registryDate ?? '',
    }));
  } else {
    const description = `ENVIO con estado incompatible (${known.state})`;
    ctx.sender.send(controlFor(parsed, { type: '02', errorCode: '0037', description }));
    return { codigo: '0037', descripcion: description };
  }
  return { codigo: '00', descripcion: 'Exito' };
}
