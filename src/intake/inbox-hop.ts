import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AnnotationCode, SirFicheroPayload } from '../../transforms';
import { SIR_FICHERO_ROUTE } from '../../transforms/sir-fichero-passthrough';
import type { Bus } from '../bus/bus';
import type { TenantConfig } from '../config/types';
import { createEnvelope } from '../core/envelope';
import { Errors, PasarelaError } from '../core/errors';
import { isDir3Code } from '../core/validators/dir3';
import type { Journal } from '../journal/journal';
import { publishRecorded } from '../pipeline/enqueue';
import type { ParsedFichero } from '../sir/fichero';
import { receiverNext, type ReceiverState } from '../sir/lifecycle';
import { parseFichero } from '../sir/parse-fichero';
import { hopFichero, writeFichero, type OfficeRef } from '../sir/write-fichero';
import { findTenant } from './auth';
import { badInboxInput, findInboxEntry, type InboxEntry } from './inbox-entry';


export interface InboxHopContext {
  journal: Journal;
  bus: Bus;
  logger: Logger;
  config: { tenants: readonly TenantConfig[] };
}

interface HopBody {
  /** `Descripcion_Tipo_Anotacion`: why, 1 to 80 characters. */
  reason?: unknown;
  /** Forward only: the DIR3 code of the registry office it goes to, and optionally its unit. */
  office?: unknown;
  unit?: unknown;
}


function reasonOf(action: string, body: HopBody): string {
  const r = body.reason;
  if (typeof r !== 'string' || r.trim().length < 1 || r.length > 80) throw badInboxInput(action, '/reason', 'required, 1 to 80 characters');
  return r;
}

function dir3Of(action: string, value: unknown, pointer: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !isDir3Code(value)) throw badInboxInput(action, pointer, 'a DIR3 code (a capital letter and 8 capitals or digits)');
  return value;
}

/** The office the entry was addressed to (ours), as the origin of the new hop; its unit, or the tenant's first. */
function ourOffice(f: ParsedFichero, tenant?: TenantConfig): OfficeRef {
  const d = f.destination ?? {};
  const unit = d.Codigo_Unidad_Tramitacion_Destino ?? tenant?.units?.[0];
  return {
    office: d.Codigo_Entidad_Registral_Destino ?? '', officeName: d.Decodificacion_Entidad_Registral_Destino,
    unit, unitName: d.Codigo_Unidad_Tramitacion_Destino === undefined ? undefined : d.Decodificacion_Unidad_Tramitacion_Destino,
  };
}

const tenantOf = (ctx: InboxHopContext, entry: InboxEntry) => findTenant(ctx.config.tenants, entry.row.tenant);

async function storedFichero(ctx: InboxHopContext, entry: InboxEntry): Promise<ParsedFichero> {
  const xml = await ctx.journal.getExchangeFichero('incoming', entry.exchange.exchangeId);
  if (!xml) throw new PasarelaError(Errors.JOURNAL_CONFLICT, 'This entry was received before pasarela kept ficheros (migration 006); it cannot be sent on');
  return parseFichero(xml);
}

/**
 * One REENVÍO or RECHAZO (§8.3): the incoming exchange moves (guarded: a second click gets 409)
 * in the same transaction that records the `sir-fichero` message, which is then published on
 * SIR_FICHERO_ROUTE with the route's retries and parking.
 */
async function sendHop(ctx: InboxHopContext, entry: InboxEntry, type: AnnotationCode, xml: string, event: 'reject' | 'forward', detail: string) {
  const { row, exchange } = entry;
  const payload: SirFicheroPayload = { xml, exchangeId: exchange.exchangeId, annotationType: type };
  const envelope = createEnvelope({
    type: 'sir-fichero', schemaVersion: 1, tenant: row.tenant, source: { system: 'pasarela', adapter: `inbox-${event}` }, payload,
    correlationId: row.envelope.correlationId, causationId: row.id,
  });
  const step = receiverNext(exchange.state as ReceiverState, { kind: event });
  const hopEvent = event === 'reject' ? 'sir-rejecting' : 'sir-forwarding';
  if (!ctx.bus.hasRoute(SIR_FICHERO_ROUTE)) throw new PasarelaError(Errors.INTAKE_NO_ROUTE, `Route ${SIR_FICHERO_ROUTE} is not configured`);
  // The move and the message are written together: never a rejected entry with nothing to send.
  // The exchange remembers the message, so the ACK watch can send it again (src/sir/ack-watch.ts).
  const move = {
    direction: 'incoming' as const, exchangeId: exchange.exchangeId, from: exchange.state, to: step.state,
    facts: { hopMessageId: envelope.id, resends: 0 }, hop: { event: hopEvent, outcome: 'ok' as const, code: type, detail },
  };
  const moved = !step.ignored && await ctx.journal.moveExchangeWith(move, { envelope, route: SIR_FICHERO_ROUTE });
  if (!moved) throw new PasarelaError(Errors.JOURNAL_CONFLICT, `The entry is ${exchange.state}; it can be ${event === 'reject' ? 'rejected' : 'forwarded'} only while received`);
  // Unconfirmed by the broker, the row stays `received` and the route's worker queues it again.
  await publishRecorded(ctx, envelope, SIR_FICHERO_ROUTE, `${event} of inbox entry ${row.id}`);
  return { id: row.id, exchangeId: exchange.exchangeId, state: step.state, sentAs: envelope.id };
}

/**
 * `POST /v1/inbox/{id}/reject` {reason}: RECHAZO (`04`) to the office that started the exchange
 * (`Codigo_Entidad_Registral_Inicio`, as regweb3 requires). `POST /v1/inbox/{id}/forward`
 * {office, unit?, reason}: REENVÍO (`03`) to another office. Both answer 202 with the id of the
 * `sir-fichero` message that carries the hop (`GET /v1/messages/{sentAs}` follows its delivery);
 * the entry's exchange then shows `rejected`/`forwarded` and, once the office's ACK comes,
 * `rejected-ack`/`forwarded-ack`.
 */
export function registerInboxHops(v1: FastifyInstance, ctx: InboxHopContext): void {
  v1.post<{ Params: { id: string }; Body: HopBody }>('/v1/inbox/:id/reject', async (req, reply) => {
    const body = (req.body ?? {}) as HopBody;
    const reason = reasonOf('rejection', body);
    const entry = await findInboxEntry(ctx.journal, req.params.id, req.apiKey!);
    const f = await storedFichero(ctx, entry);
    const start = f.control ?? {};
    const to = { office: start.Codigo_Entidad_Registral_Inicio ?? '', officeName: start.Decodificacion_Entidad_Registral_Inicio };
    const xml = writeFichero(hopFichero(f, { annotationType: '04', reason, from: ourOffice(f, tenantOf(ctx, entry)), to }));
    const sent = await sendHop(ctx, entry, '04', xml, 'reject', `rejected to ${to.office}: ${reason}`);
    return reply.code(202).header('location', `/v1/messages/${sent.sentAs}`).send(sent);
  });
  v1.post<{ Params: { id: string }; Body: HopBody }>('/v1/inbox/:id/forward', async (req, reply) => {
    const body = (req.body ?? {}) as HopBody;
    const reason = reasonOf('forwarding', body);
    const office = dir3Of('forwarding', body.office, '/office', true)!;
    const unit = dir3Of('forwarding', body.unit, '/unit', false);
    const entry = await findInboxEntry(ctx.journal, req.params.id, req.apiKey!);
    const f = await storedFichero(ctx, entry);
    const from = ourOffice(f, tenantOf(ctx, entry));
    if (office === from.office) throw badInboxInput('forwarding', '/office', 'the entry is already at this office');
    const xml = writeFichero(hopFichero(f, { annotationType: '03', reason, from, to: { office, unit } }));
    const sent = await sendHop(ctx, entry, '03', xml, 'forward', `forwarded to ${office}: ${reason}`);
    return reply.code(202).header('location', `/v1/messages/${sent.sentAs}`).send(sent);
  });
}
