import { createHash } from 'node:crypto';
import type { NotificaEnvio, NotificaPersona, NotificaRemesa } from '../../src/connectors/notifica/remesa';
import { ALTA_REMESA_ACTION, NOTIFICA_NS } from '../../src/connectors/notifica/remesa';
import { readXml, type XmlElement } from './xml-read';
import { envelope, escapeXml, rootElement, serialize, SOAP11_NS, type Node } from './xml-write';

/**
 * Requests to the simulator, written independently of pasarela's Notific@ connector so the
 * simulator's tests, the demo and chaos scripts can drive it without pasarela (and a
 * disagreement between the two shows up as a failing test, not as a shared bug).
 */

/** An envío as sent, with the referenciaEmisor the connector stamps at delivery. */
export type SentEnvio = NotificaEnvio & { referenciaEmisor?: string };
export type SentRemesa = Omit<NotificaRemesa, 'envios'> & { envios: SentEnvio[] };

/** Base64 of the raw SHA-256 of `bytes`, the documento/hash convention (reference §2.1). */
export function documentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

const opt = (name: string, value: string | undefined): Node => (value === undefined ? undefined : [name, value]);
const si = (b: boolean): string => (b ? 'si' : 'no');

function persona(p: NotificaPersona): Node[] {
  return (['nif', 'nombre', 'apellidos', 'razonSocial', 'email', 'telefono', 'codigoDestino'] as const).map((k) => opt(k, p[k]));
}

/** `opcion` elements carry an attribute, which the Node tree cannot: written raw. */
function opciones(prefix: string, values: [string, string | undefined][]): string {
  return values.filter(([, v]) => v !== undefined).map(([tipo, v]) => `<${prefix}:opcion tipo="${tipo}">${escapeXml(v as string)}</${prefix}:opcion>`).join('');
}

function envio(e: SentEnvio): Node {
  const postal = e.entregaPostal === undefined ? undefined : Object.entries(e.entregaPostal).map(([k, v]): Node => [k, String(v)]);
  return ['envio', [
    opt('referenciaEmisor', e.referenciaEmisor),
    ['titular', persona(e.titular)],
    e.destinatarios === undefined ? undefined : ['destinatarios', e.destinatarios.map((d): Node => ['destinatario', persona(d)])],
    postal === undefined ? undefined : ['entregaPostal', postal],
    e.entregaDEH === undefined ? undefined : ['entregaDEH', [['obligado', String(e.entregaDEH.obligado)], opt('codigoProcedimiento', e.entregaDEH.codigoProcedimiento)]],
  ]];
}

/** The `not:altaRemesaEnvios` element of a remesa, children qualified. */
export function altaRemesaElement(r: SentRemesa): string {
  const head = serialize([
    ['codigoOrganismoEmisor', r.organismoEmisor],
    ['tipoEnvio', String(r.tipoEnvio)],
    ['concepto', r.concepto],
    opt('descripcion', r.descripcion),
    opt('fechaEnvioProgramado', r.fechaEnvioProgramado),
    opt('procedimiento', r.procedimiento),
  ], 'not');
  const d = r.documento;
  const docOptions = opciones('not', [['normalizado', d.normalizado === undefined ? undefined : si(d.normalizado)], ['generarCsv', si(d.generarCsv)]]);
  const documento = `<not:documento>${serialize([['contenido', d.contenido], ['hash', d.hash], opt('metadatos', d.metadatos)], 'not')}`
    + `<not:opcionesDocumento>${docOptions}</not:opcionesDocumento></not:documento>`;
  const envios = serialize([['envios', r.envios.map(envio)]], 'not');
  const remesaOptions = opciones('not', [['caducidad', r.caducidad], ['retardo', r.retardo === undefined ? undefined : String(r.retardo)]]);
  const tail = remesaOptions === '' ? '' : `<not:opcionesRemesa>${remesaOptions}</not:opcionesRemesa>`;
  return `<not:altaRemesaEnvios xmlns:not="${NOTIFICA_NS.alta}">${head}${documento}${envios}${tail}</not:altaRemesaEnvios>`;
}

/** A SOAP 1.1 request with the `v2:apiKey` header (none when `apiKey` is undefined). */
export function soapRequest(operationElement: string, apiKey: string | undefined): string {
  return envelope(operationElement, apiKey === undefined ? '' : `<v2:apiKey xmlns:v2="${NOTIFICA_NS.v2}">${escapeXml(apiKey)}</v2:apiKey>`);
}

export function infoEnvioLigeroElement(q: { identificador?: string; referenciaEmisor?: string; codigoDir3?: string; nivelDetalle: number }): string {
  return rootElement('infoEnvioLigero', NOTIFICA_NS.infoLigero, 'iel', [
    opt('identificador', q.identificador), opt('referenciaEmisor', q.referenciaEmisor), opt('codigoDir3', q.codigoDir3), ['nivelDetalle', String(q.nivelDetalle)],
  ]);
}

/** A cancellation (reference §4.4): `estado` anulada, children in xs:sequence order. */
export function anularElement(q: { organismoEmisor: string; identificador: string; fechaEstado: string; motivo?: string; estado?: string }): string {
  return rootElement('sincronizarEnvioOE', NOTIFICA_NS.sincronizarOE, 'act', [
    ['organismoEmisor', q.organismoEmisor], ['identificador', q.identificador], ['tipoEntrega', '1'], ['modoNotificacion', '1'],
    ['estado', q.estado ?? 'anulada'], ['fechaEstado', q.fechaEstado], opt('motivo', q.motivo),
  ]);
}

export function ampliarPlazoElement(q: { organismoEmisor: string; identificadores: string[]; plazo: string; motivo: string }): string {
  return rootElement('ampliarPlazoOE', NOTIFICA_NS.ampliarPlazo, 'ap', [
    ['envios', q.identificadores.map((id): Node => ['identificador', id])], ['organismoEmisor', q.organismoEmisor], ['plazo', q.plazo], ['motivo', q.motivo],
  ]);
}

export interface SoapAnswer {
  status: number;
  text: string;
  /** The Body's first element, when the answer is a SOAP 1.1 envelope. */
  result?: XmlElement;
}

/** POST one request; `action` is the SOAPAction (the full URI for altaRemesaEnvios, bare names otherwise). */
export async function callSimulator(url: string, body: string, action = ALTA_REMESA_ACTION): Promise<SoapAnswer> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` } });
  const text = await res.text();
  try {
    const root = readXml(text, { maxBytes: 64 * 1024 * 1024, maxDepth: 32, maxTags: 100_000 });
    const result = root.ns === SOAP11_NS ? root.children.find((c) => c.name === 'Body')?.children[0] : undefined;
    return result === undefined ? { status: res.status, text } : { status: res.status, text, result };
  } catch {
    return { status: res.status, text };
  }
}
