import { createHash } from 'node:crypto';
import { isFinalState, isKnownState, originOfMode } from '../core/notifica-states';
import { child, textOf, type SoapMessage } from '../connectors/notifica/xml';
import { notificaInstant } from '../connectors/notifica/dates';
import { IDENTIFICADOR } from '../connectors/notifica/operations';
import type { StateEvent } from '../journal/notifica';

/**
 * Reading Notific@'s `sincronizarEnvio` callback (reference §2.7) into a state event. Children
 * are read by local name, so the WSDL's qualified form and notib's unqualified RPC form are the
 * same to us. What cannot be used gets the answer code notib's convention gives it (S7).
 */

/** Our answer codes (reference §2.7, notib's `ResultatEnviamentEnum`). */
export const ADVISER_CODES = {
  ok: { code: '000', text: 'OK' },
  unknownOrganismo: { code: '001', text: 'Organismo Desconocido' },
  unknownIdentificador: { code: '002', text: 'Identificador no encontrado' },
  unknownState: { code: '003', text: 'Estado inexistente' },
  noAcuse: { code: '004', text: 'Acuse no encontrado' },
  error: { code: '666', text: 'Error procesando peticion' },
} as const;

export type AdviserAnswer = (typeof ADVISER_CODES)[keyof typeof ADVISER_CODES];

export type ParsedCallback = { ok: true; event: StateEvent } | { ok: false; identificador: string; answer: AdviserAnswer; reason: string };

const DIR3_RE = /^[A-Z0-9]{9}$/;

/** tipoEntrega 2 (datado y certificación) and 3 (certificación) carry the acuse. */
const CERTIFYING = new Set(['2', '3']);

export function parseCallback(msg: SoapMessage): ParsedCallback {
  const b = msg.body;
  const identificador = textOf(b.identificador);
  const fail = (answer: AdviserAnswer, reason: string): ParsedCallback => ({ ok: false, identificador: identificador.slice(0, 64), answer, reason });
  if (!IDENTIFICADOR.test(identificador)) return fail(ADVISER_CODES.unknownIdentificador, 'identificador missing or not an identificador');
  const organismo = textOf(b.organismoEmisor);
  if (!DIR3_RE.test(organismo)) return fail(ADVISER_CODES.unknownOrganismo, 'organismoEmisor missing or not a DIR3 code');
  const estado = textOf(b.estado);
  if (!isKnownState(estado)) return fail(ADVISER_CODES.unknownState, `estado ${estado.slice(0, 40)} is not a Notific@ state`);
  const at = notificaInstant(textOf(b.fechaEstado));
  if (at === undefined) return fail(ADVISER_CODES.error, 'fechaEstado is not an xs:dateTime');
  const tipoEntrega = textOf(b.tipoEntrega);
  // Only a certification (tipoEntrega 2 or 3) carries the acuse to keep (notib's rule, reference §2.7).
  const acuse = CERTIFYING.has(tipoEntrega) ? acuseOf(b.acusePDF) : undefined;
  if (CERTIFYING.has(tipoEntrega) && !acuse) return fail(ADVISER_CODES.noAcuse, `tipoEntrega ${tipoEntrega} without an acusePDF`);
  const event: StateEvent = {
    identificador, organismo, estado, at, final: isFinalState(estado),
    origin: originOfMode(textOf(b.modoNotificacion) || undefined), receptor: receptorOf(b.receptor), acuse, source: 'callback',
  };
  return { ok: true, event };
}

function receptorOf(r: unknown): StateEvent['receptor'] {
  const nif = textOf(child(r, 'nifReceptor'));
  if (nif === '') return undefined;
  return { nif: nif.slice(0, 20), name: textOf(child(r, 'nombreReceptor')).slice(0, 300), link: textOf(child(r, 'vinculoReceptor')).slice(0, 2) };
}

function acuseOf(a: unknown): StateEvent['acuse'] {
  // Base64 is read as a stop node (../connectors/notifica/xml.ts): a CDATA wrapper stays in the text.
  const contenido = textOf(child(a, 'contenido')).replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1');
  if (contenido === '') return undefined;
  const content = Buffer.from(contenido, 'base64');
  if (content.length === 0) return undefined;
  const csv = textOf(child(a, 'csvResguardo')) || undefined;
  return { sha256: '', content, csv: csv?.slice(0, 100), hashMatches: hashMatches(content, textOf(child(a, 'hash'))) };
}

/**
 * Whether the acuse's `hash` is a digest of its content. The public record shows several forms
 * (base64 of a SHA-256, hex SHA-1 in notib's fixtures, base64 of a hex string): any of them
 * counts. undefined when there is no hash; false is kept as a note on the certificate's hop, not
 * a refusal, since Notific@'s own form is not public.
 */
export function hashMatches(content: Buffer, hash: string): boolean | undefined {
  const h = hash.trim();
  if (h === '') return undefined;
  for (const alg of ['sha256', 'sha1'] as const) {
    const digest = createHash(alg).update(content).digest();
    const hex = digest.toString('hex');
    if (h === digest.toString('base64') || h.toLowerCase() === hex || h === Buffer.from(hex).toString('base64')) return true;
  }
  return false;
}
