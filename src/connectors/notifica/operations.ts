import { Errors, PasarelaError } from '../../core/errors';
import { ACTIONS, type SoapCaller } from './client';
import { NOTIFICA_NS } from './remesa';
import { buildXml, child, listOf, textOf, type SoapMessage } from './xml';

/**
 * The Notific@ operations pasarela calls, each as: build the body (reference §2.1, §2.4–§2.6),
 * call, read the answer. Success codes are the service's own: `000` for altaRemesaEnvios,
 * infoEnvioLigero and ampliarPlazoOE, `200` for sincronizarEnvioOE (§2.9).
 */

/** What pasarela takes as an envío's identificador (samples: `5af994cdbef3f`, `39128285cf121cb00453`); it goes into URLs and keys. */
export const IDENTIFICADOR = /^[A-Za-z0-9_-]{1,64}$/;

export interface AltaResult {
  envios: Array<{ identificador: string; nifTitular?: string }>;
  fechaCreacion?: string;
}

export interface InfoResult {
  identificador: string;
  estado: string;
  datados: Array<{ fecha: string; resultado: string; origen?: string }>;
  acuse?: { content: Buffer; hash: string; csv?: string; at?: string };
}

export interface ExtendResult {
  identificador: string;
  ok: boolean;
  /** dd/MM/yyyy as Notific@ gives it. */
  fechaCaducidad?: string;
  error?: string;
}

function expectOperation(msg: SoapMessage, name: string): void {
  if (msg.operation !== name) {
    throw new PasarelaError(Errors.CONNECTOR_BAD_RESPONSE, `Notific@ answered ${msg.operation.slice(0, 60)} where ${name} was expected`, { details: { operation: msg.operation.slice(0, 60) } });
  }
}

/** A non-success code: retryable only when configured so (no public list of Notific@ codes exists). */
function refused(op: string, code: string, description: string, retryable: ReadonlySet<string>): PasarelaError {
  const def = retryable.has(code) ? Errors.NOTIFICA_TRANSIENT : Errors.NOTIFICA_REJECTED;
  return new PasarelaError(def, `${def.title}: ${op} answered ${code.slice(0, 10)} ${description.slice(0, 200)}`.trim(), {
    details: { service: 'Notific@', operation: op, codigoRespuesta: code.slice(0, 10), descripcionRespuesta: description.slice(0, 200) },
  });
}

export async function altaRemesaEnvios(caller: SoapCaller, bodyXml: string, apiKey: string, retryable: ReadonlySet<string>, signal?: AbortSignal): Promise<AltaResult> {
  const msg = await caller.call('NotificaWsV21', ACTIONS.altaRemesaEnvios, bodyXml, apiKey, signal);
  expectOperation(msg, 'resultadoAltaRemesaEnvios');
  const code = textOf(msg.body.codigoRespuesta);
  if (code !== '000') throw refused('altaRemesaEnvios', code, textOf(msg.body.descripcionRespuesta), retryable);
  const items = listOf(child(msg.body.resultadoEnvios, 'item'));
  const envios = items.map((it) => ({ identificador: textOf(child(it, 'identificador')), nifTitular: textOf(child(it, 'nifTitular')) || undefined }));
  if (envios.length === 0 || envios.some((e) => !IDENTIFICADOR.test(e.identificador))) {
    throw new PasarelaError(Errors.CONNECTOR_BAD_RESPONSE, 'Notific@ answered 000 without a usable identificador for every envío');
  }
  return { envios, fechaCreacion: textOf(msg.body.fechaCreacion) || undefined };
}

/** What infoEnvioLigero answers for an envío it does not hold, unless configured otherwise (no public list: the simulator's). */
export const DEFAULT_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['404']);

/**
 * Look an envío up by its identificador or by our referenciaEmisor; undefined when Notific@
 * answers one of `notFound`. Any other code than `000` throws NOTIFICA_TRANSIENT: a lookup that
 * failed must never be taken for "not there" (the remesa would be submitted twice).
 */
export async function infoEnvioLigero(
  caller: SoapCaller, by: { identificador: string } | { referencia: string; dir3?: string }, apiKey: string, signal?: AbortSignal,
  notFound: ReadonlySet<string> = DEFAULT_NOT_FOUND_CODES,
): Promise<InfoResult | undefined> {
  const p = 'iel';
  const fields = 'identificador' in by
    ? { [`${p}:identificador`]: by.identificador }
    : { [`${p}:referenciaEmisor`]: by.referencia, ...(by.dir3 && { [`${p}:codigoDir3`]: by.dir3 }) };
  const xml = buildXml({ [`${p}:infoEnvioLigero`]: { [`@_xmlns:${p}`]: NOTIFICA_NS.infoLigero, ...fields, [`${p}:nivelDetalle`]: '3' } });
  const msg = await caller.call('SincronizarEnvioWs', ACTIONS.infoEnvioLigero, xml, apiKey, signal);
  expectOperation(msg, 'respuestaInfoEnvioLigero');
  const code = textOf(msg.body.codigoRespuesta);
  if (notFound.has(code)) return undefined;
  if (code !== '000') throw refused('infoEnvioLigero', code, textOf(msg.body.descripcionRespuesta), new Set([code]));
  const datados = listOf(child(msg.body.datados, 'datado')).map((d) => ({
    fecha: textOf(child(d, 'fecha')), resultado: textOf(child(d, 'resultado')), origen: textOf(child(d, 'origen')) || undefined,
  }));
  return { identificador: textOf(msg.body.identificador), estado: textOf(msg.body.estado), datados, acuse: acuseOf(msg.body.certificacion) };
}

function acuseOf(certificacion: unknown): InfoResult['acuse'] {
  const pdf = child(certificacion, 'acusePDF');
  const content = textOf(child(pdf, 'contenido'));
  if (content === '') return undefined;
  return {
    content: Buffer.from(content, 'base64'), hash: textOf(child(pdf, 'hash')), csv: textOf(child(pdf, 'csv')) || textOf(child(pdf, 'csvResguardo')) || undefined,
    at: textOf(child(certificacion, 'fechaCertificacion')) || undefined,
  };
}

export interface CancelInput {
  organismo: string;
  identificador: string;
  motivo: string;
  receptor: { nif: string; name: string };
  /** fechaEstado, without milliseconds (as notib sends it). */
  at: Date;
}

/** Withdraw an envío (`estado=anulada`, reference §2.5, §4.4). Element order matters: xs:sequence. */
export async function sincronizarEnvioOE(caller: SoapCaller, c: CancelInput, apiKey: string, signal?: AbortSignal): Promise<void> {
  const p = 'act';
  const xml = buildXml({
    [`${p}:sincronizarEnvioOE`]: {
      [`@_xmlns:${p}`]: NOTIFICA_NS.sincronizarOE,
      [`${p}:organismoEmisor`]: c.organismo, [`${p}:identificador`]: c.identificador, [`${p}:tipoEntrega`]: '1', [`${p}:modoNotificacion`]: '1',
      [`${p}:estado`]: 'anulada', [`${p}:fechaEstado`]: c.at.toISOString().replace(/\.\d{3}Z$/, 'Z'), [`${p}:motivo`]: c.motivo,
      [`${p}:receptor`]: { [`${p}:nifReceptor`]: c.receptor.nif, [`${p}:nombreReceptor`]: c.receptor.name, [`${p}:vinculoReceptor`]: '1' },
    },
  });
  const msg = await caller.call('SincronizarEnvioWs', ACTIONS.sincronizarEnvioOE, xml, apiKey, signal);
  expectOperation(msg, 'respuestaSincronizarEnvioOE');
  const code = textOf(msg.body.codigoRespuesta);
  if (code !== '200') throw refused('sincronizarEnvioOE', code, textOf(msg.body.descripcionRespuesta), new Set());
}

/** Extend the expiry of envíos by `days` (reference §2.6); one result per identificador. */
export async function ampliarPlazoOE(caller: SoapCaller, e: { organismo: string; identificadores: string[]; days: number; motivo: string }, apiKey: string, signal?: AbortSignal): Promise<ExtendResult[]> {
  const p = 'ap';
  const xml = buildXml({
    [`${p}:ampliarPlazoOE`]: {
      [`@_xmlns:${p}`]: NOTIFICA_NS.ampliarPlazo,
      [`${p}:envios`]: { [`${p}:identificador`]: e.identificadores }, [`${p}:organismoEmisor`]: e.organismo, [`${p}:plazo`]: String(e.days), [`${p}:motivo`]: e.motivo,
    },
  });
  const msg = await caller.call('SincronizarEnvioWs', ACTIONS.ampliarPlazoOE, xml, apiKey, signal);
  expectOperation(msg, 'respuestaAmpliarPlazoOE');
  const code = textOf(msg.body.codigoRespuesta);
  if (code !== '000') throw refused('ampliarPlazoOE', code, textOf(msg.body.descripcionRespuesta), new Set());
  const items = listOf(child(msg.body.ampliacionesPlazo, 'ampliacionPlazo'));
  return items.map((it) => {
    const ok = textOf(child(it, 'estado')) !== 'KO';
    return {
      identificador: textOf(child(it, 'identificador')), ok, fechaCaducidad: textOf(child(it, 'fechaCaducidad')) || undefined,
      error: ok ? undefined : `${textOf(child(it, 'codigo'))} ${textOf(child(it, 'mensajeError'))}`.trim().slice(0, 200),
    };
  });
}
