import type { AnnotationCode, SirFicheroPayload } from '../../../transforms';
import type { Config, TenantConfig } from '../../config/types';
import { createEnvelope, type Envelope } from '../../core/envelope';
import { isPasarelaError, Errors } from '../../core/errors';
import { enqueueMessage, type EnqueueDeps } from '../../pipeline/enqueue';
import { parseControlMessage, type ControlMessage } from '../control-message';
import type { ParsedFichero } from '../fichero';
import { parseFichero } from '../parse-fichero';
import { configuredDirectory } from '../directory';
import { judgeFichero, type AnnexLimits, type Directory } from '../reception';
import type { ControlAnswer } from '../inbound/control-received';
import { SIR_FICHERO_ROUTE } from '../../../transforms/sir-fichero-passthrough';
import { SIR_CONTROL_ROUTE } from '../inbound/control-sender';

/** Routes that take what a tenant's application sends through the proxy to SIR. */
export const PROXY_ROUTES = { fichero: SIR_FICHERO_ROUTE, control: SIR_CONTROL_ROUTE } as const;

/** The code the CIR answers for every content it refuses (reference §5.1). */
const REFUSED = '0037';
const OK: ControlAnswer = { codigo: '00', descripcion: 'Exito' };
const ANNOTATIONS: readonly string[] = ['02', '03', '04'];

export interface ForwardContext extends EnqueueDeps {
  annexLimits?: Partial<AnnexLimits>;
  /** Its `dir3` block: the proxy judges with WS_SIR8_B's DIR3 directory (read once, src/sir/directory.ts). */
  config?: Pick<Config, 'dir3'>;
}

const refuse = (why: string): ControlAnswer => ({ codigo: REFUSED, descripcion: `ERROR EN LA VALIDACION FORMATO XML: ${why}`.slice(0, 1000) });

/** The refusal of a fichero that may not leave through this tenant, or undefined. */
function ficheroRefusal(tenant: TenantConfig, f: ParsedFichero, annexLimits?: Partial<AnnexLimits>, directory?: Directory): string | undefined {
  const origin = f.origin?.Codigo_Entidad_Registral_Origen;
  if (!origin || !tenant.offices.includes(origin)) return `the origin office (Codigo_Entidad_Registral_Origen) ${origin ?? '(none)'} is not one of this tenant's offices`;
  if (!f.control?.Identificador_Intercambio) return 'Identificador_Intercambio is missing';
  if (!ANNOTATIONS.includes(f.control.Tipo_Anotacion ?? '')) return 'Tipo_Anotacion must be 02, 03 or 04';
  // The CIR judges a fichero before it answers; so do we, or a refusal would come after our 00.
  const verdict = judgeFichero(f, { annexLimits, directory });
  return verdict.outcome === 'accept' ? undefined : verdict.reasons.join('; ');
}

function envelopeFor<P>(tenant: TenantConfig, type: 'sir-fichero' | 'sir-control', adapter: string, payload: P): Envelope<P> {
  return createEnvelope({ type, schemaVersion: 1, tenant: tenant.code, source: { system: 'sir-proxy', adapter }, payload });
}

/**
 * A fichero a tenant's application hands to our WS_SIR6_B: checked (readable, judged by the
 * reception rules, sent from one of the tenant's offices, with an exchange id), then queued for
 * SIR's WS_SIR6_B with the route's retries and signing; `00` only once durable. An ENVÍO (`02`)
 * owns its exchange id: the same ENVÍO again is answered `00` and queues nothing new. A REENVÍO
 * or RECHAZO belongs to an exchange someone else started, so it is queued without the id.
 */
export async function forwardFichero(ctx: ForwardContext, tenant: TenantConfig, registro: string): Promise<ControlAnswer> {
  let parsed: ParsedFichero;
  try {
    parsed = parseFichero(registro);
  } catch (e) {
    if (!isPasarelaError(e)) throw e;
    return refuse(e.message);
  }
  const refusal = ficheroRefusal(tenant, parsed, ctx.annexLimits, ctx.config && configuredDirectory(ctx.config));
  if (refusal) return refuse(refusal);
  const exchangeId = parsed.control!.Identificador_Intercambio!;
  const annotationType = parsed.control!.Tipo_Anotacion as AnnotationCode;
  const payload: SirFicheroPayload = { xml: registro, exchangeId, annotationType };
  const envelope = envelopeFor(tenant, 'sir-fichero', 'ws-sir6-b', payload);
  try {
    await enqueueMessage(ctx, {
      envelope, route: PROXY_ROUTES.fichero, exchangeId: annotationType === '02' ? exchangeId : null, detail: `from the tenant's application (${annotationType})`,
    });
  } catch (e) {
    if (!isPasarelaError(e) || e.code !== Errors.JOURNAL_CONFLICT.code) throw e;
    // After an ERROR the application may send a corrected ENVÍO with the same id (§8.1 flow 6):
    // it goes as a new message; delivering it moves the exchange from `error` back to `sent`.
    if ((await ctx.journal.getExchange('outgoing', exchangeId))?.state !== 'error') {
      ctx.logger.info({ exchangeId, tenant: tenant.code }, 'CIR proxy: the same ENVIO again; already queued');
      return OK;
    }
    const again = envelopeFor(tenant, 'sir-fichero', 'ws-sir6-b', payload);
    await enqueueMessage(ctx, { envelope: again, route: PROXY_ROUTES.fichero, detail: 'corrected ENVIO from the tenant\'s application after an ERROR' });
  }
  return OK;
}

/** A De_Mensaje a tenant's application hands to our WS_SIR7: checked, then queued for SIR's WS_SIR7. */
export async function forwardControl(ctx: ForwardContext, tenant: TenantConfig, mensaje: string): Promise<ControlAnswer> {
  let message: ControlMessage;
  try {
    message = parseControlMessage(mensaje);
  } catch (e) {
    if (!isPasarelaError(e)) throw e;
    return refuse(e.message);
  }
  if (!tenant.offices.includes(message.originOffice)) {
    return refuse(`the origin office (Codigo_Entidad_Registral_Origen) ${message.originOffice} is not one of this tenant's offices`);
  }
  const envelope = envelopeFor(tenant, 'sir-control', 'ws-sir7', message);
  await enqueueMessage(ctx, { envelope, route: PROXY_ROUTES.control, detail: `from the tenant's application (${message.type})` });
  return OK;
}
