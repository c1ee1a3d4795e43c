import { createHash } from 'node:crypto';
import type { NotificaPersona } from '../../src/connectors/notifica/remesa';
import {
  DOCUMENTO, ENTREGA_DEH, ENTREGA_POSTAL, ENVIO, PAGADOR_CIE, PAGADOR_POSTAL, PERSONA, REMESA, REMESA_OPTIONS,
} from './alta-schema';
import { child, childrenNamed, textOf, type XmlElement } from './xml-read';
import { at, checkAll, checkList, collapse } from './xsd-check';

/**
 * Checks one `altaRemesaEnvios` against the contract (reference §2.1) and reads what the
 * simulator keeps of it. The first problem found is the answer (`codigoRespuesta` 400, a
 * simulator convention: no public list of Notific@ error codes exists).
 */

/** One envío as received. */
export interface ReceivedEnvio {
  referenciaEmisor?: string;
  titular: NotificaPersona;
  postal: boolean;
}

/** What the simulator keeps of a valid remesa: no document bytes. */
export interface ReceivedRemesa {
  organismoEmisor: string;
  tipoEnvio: 1 | 2;
  concepto: string;
  /** opcionesRemesa `caducidad`, YYYY-MM-DD. */
  caducidad?: string;
  /** documento/hash as sent. */
  documentHash: string;
  envios: ReceivedEnvio[];
}

export type RemesaCheck = { ok: true; remesa: ReceivedRemesa } | { ok: false; problem: string };

export const MAX_ENVIOS = 100;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type Check = string | undefined;

/** `hash` must be Base64 of the raw SHA-256 of the decoded `contenido` (reference §2.1, as notib sends it). */
function checkDocumentHash(doc: XmlElement): Check {
  const contenido = child(doc, 'contenido');
  if (contenido === undefined) return undefined;
  const base64 = contenido.text.replace(/\s+/g, '');
  if (!BASE64.test(base64)) return 'documento/contenido: no es base64';
  const digest = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('base64');
  return digest === collapse(textOf(doc, 'hash') ?? '') ? undefined : 'documento/hash: no coincide con el SHA-256 del contenido';
}

function checkOptions(el: XmlElement | undefined, path: string, values: Readonly<Record<string, (v: string) => Check>> = {}): Check {
  if (el === undefined) return undefined;
  const listProblem = checkList(el, 'opcion', 1, 100, path);
  if (listProblem !== undefined) return listProblem;
  for (const opcion of el.children) {
    const tipo = opcion.attrs.tipo;
    if (tipo === undefined) return `${path}/opcion: falta el atributo tipo`;
    if (opcion.children.length > 0) return `${path}/opcion: no admite elementos hijos`;
    const reason = Object.prototype.hasOwnProperty.call(values, tipo) ? values[tipo](opcion.text) : undefined;
    if (reason !== undefined) return `${path}/opcion[@tipo=${tipo}]: ${reason}`;
  }
  return undefined;
}

function checkDocumento(doc: XmlElement): Check {
  return checkAll(doc, DOCUMENTO, 'documento') ?? checkOptions(child(doc, 'opcionesDocumento'), 'documento/opcionesDocumento') ?? checkDocumentHash(doc);
}

function checkPostal(postal: XmlElement, path: string): Check {
  const pagador = child(postal, 'organismoPagadorPostal');
  const cie = child(postal, 'organismoPagadorCIE');
  return checkAll(postal, ENTREGA_POSTAL, path)
    ?? (pagador && checkAll(pagador, PAGADOR_POSTAL, at(path, 'organismoPagadorPostal')))
    ?? (cie && checkAll(cie, PAGADOR_CIE, at(path, 'organismoPagadorCIE')))
    ?? checkOptions(child(postal, 'opcionesCIE'), at(path, 'opcionesCIE'));
}

function checkDestinatarios(el: XmlElement | undefined, path: string): Check {
  if (el === undefined) return undefined;
  const listProblem = checkList(el, 'destinatario', 1, 100, path);
  if (listProblem !== undefined) return listProblem;
  for (const [i, d] of el.children.entries()) {
    const problem = checkAll(d, PERSONA, `${path}/destinatario[${i + 1}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function checkEnvio(envio: XmlElement, path: string): Check {
  const postal = child(envio, 'entregaPostal');
  const deh = child(envio, 'entregaDEH');
  return checkAll(envio, ENVIO, path)
    ?? checkAll(child(envio, 'titular') as XmlElement, PERSONA, at(path, 'titular'))
    ?? checkDestinatarios(child(envio, 'destinatarios'), at(path, 'destinatarios'))
    ?? (postal && checkPostal(postal, at(path, 'entregaPostal')))
    ?? (deh && checkAll(deh, ENTREGA_DEH, at(path, 'entregaDEH')));
}

function checkEnvios(envios: XmlElement): Check {
  const listProblem = checkList(envios, 'envio', 1, MAX_ENVIOS, 'envios');
  if (listProblem !== undefined) return listProblem;
  for (const [i, envio] of envios.children.entries()) {
    const problem = checkEnvio(envio, `envios/envio[${i + 1}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function personaOf(el: XmlElement): NotificaPersona {
  const p: NotificaPersona = {};
  for (const key of ['nif', 'nombre', 'apellidos', 'razonSocial', 'email', 'telefono', 'codigoDestino'] as const) {
    const text = textOf(el, key);
    if (text !== undefined) p[key] = key === 'nif' || key === 'codigoDestino' ? collapse(text) : text;
  }
  return p;
}

function envioOf(el: XmlElement): ReceivedEnvio {
  const referenciaEmisor = textOf(el, 'referenciaEmisor');
  const envio: ReceivedEnvio = { titular: personaOf(child(el, 'titular') as XmlElement), postal: child(el, 'entregaPostal') !== undefined };
  if (referenciaEmisor !== undefined) envio.referenciaEmisor = referenciaEmisor;
  return envio;
}

function remesaOf(el: XmlElement): ReceivedRemesa {
  const caducidad = childrenNamed(child(el, 'opcionesRemesa'), 'opcion').find((o) => o.attrs.tipo === 'caducidad')?.text.trim();
  return {
    organismoEmisor: collapse(textOf(el, 'codigoOrganismoEmisor') ?? ''),
    tipoEnvio: collapse(textOf(el, 'tipoEnvio') ?? '') === '1' ? 1 : 2,
    concepto: textOf(el, 'concepto') ?? '',
    ...(caducidad === undefined ? {} : { caducidad }),
    documentHash: collapse(textOf(child(el, 'documento'), 'hash') ?? ''),
    envios: childrenNamed(child(el, 'envios'), 'envio').map(envioOf),
  };
}

export function validateRemesa(el: XmlElement): RemesaCheck {
  const problem = checkAll(el, REMESA, '')
    ?? checkDocumento(child(el, 'documento') as XmlElement)
    ?? checkEnvios(child(el, 'envios') as XmlElement)
    ?? checkOptions(child(el, 'opcionesRemesa'), 'opcionesRemesa', REMESA_OPTIONS);
  return problem === undefined ? { ok: true, remesa: remesaOf(el) } : { ok: false, problem };
}
