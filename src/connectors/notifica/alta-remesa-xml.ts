import { Errors, PasarelaError } from '../../core/errors';
import {
  NOTIFICA_NS, type NotificaDocumento, type NotificaEntregaPostal, type NotificaEnvio, type NotificaPersona, type NotificaRemesa,
} from './remesa';

/**
 * The `altaRemesaEnvios` element (reference/notifica-carpeta.md §2.1 and §4.1) for a SOAP body:
 * no envelope, no XML declaration, no indentation. Children are qualified with `not:` and follow
 * the XSD's declaration order (its `xs:all` allows any). Every text is escaped; a value XML
 * cannot carry, or a referenciaEmisor that does not fit, throws instead of being altered.
 */

export const ALTA_REMESA_PREFIX = 'not';
/** XSD maxLength of `envio/referenciaEmisor`. */
export const MAX_REFERENCIA_EMISOR = 20;

const P = ALTA_REMESA_PREFIX;
// XML 1.0 Char production: anything outside it cannot appear in a document, escaped or not.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

const PERSONA_ORDER: ReadonlyArray<keyof NotificaPersona> = ['nif', 'nombre', 'apellidos', 'razonSocial', 'email', 'telefono', 'codigoDestino'];
const POSTAL_ORDER: ReadonlyArray<keyof NotificaEntregaPostal> = [
  'tipoDomicilio', 'tipoVia', 'nombreVia', 'numeroCasa', 'portal', 'puerta', 'escalera', 'planta', 'bloque', 'complemento',
  'codigoPostal', 'apartadoCorreos', 'municipio', 'provincia', 'pais', 'poblacion', 'linea1', 'linea2',
];

function fail(message: string): never {
  throw new PasarelaError(Errors.TRANSFORM_FAILED, message);
}

/** Escaped element text; CR is written as a reference so a parser gives it back instead of LF. */
function escape(value: string, element: string): string {
  if (NOT_XML_CHAR.test(value)) fail(`${element} holds characters XML cannot carry`);
  return value.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]);
}

function el(name: string, inner: string): string {
  return `<${P}:${name}>${inner}</${P}:${name}>`;
}

function text(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : el(name, escape(String(value), name));
}

function opciones(name: string, options: ReadonlyArray<readonly [string, string | undefined]>): string {
  const items = options.filter(([, v]) => v !== undefined)
    .map(([tipo, v]) => `<${P}:opcion tipo="${escape(tipo, 'opcion/@tipo')}">${escape(v as string, `opcion ${tipo}`)}</${P}:opcion>`);
  return items.length === 0 ? '' : el(name, items.join(''));
}

const siNo = (b: boolean | undefined): string | undefined => (b === undefined ? undefined : b ? 'si' : 'no');

function persona(name: string, p: NotificaPersona): string {
  return el(name, PERSONA_ORDER.map((k) => text(k, p[k])).join(''));
}

function documento(d: NotificaDocumento): string {
  return el('documento', [
    text('contenido', d.contenido),
    text('hash', d.hash),
    text('metadatos', d.metadatos),
    opciones('opcionesDocumento', [['normalizado', siNo(d.normalizado)], ['generarCsv', siNo(d.generarCsv)]]),
  ].join(''));
}

function envio(e: NotificaEnvio, referencia: string): string {
  const destinatarios = e.destinatarios && e.destinatarios.length > 0
    ? el('destinatarios', e.destinatarios.map((d) => persona('destinatario', d)).join(''))
    : '';
  const postal = e.entregaPostal
    ? el('entregaPostal', POSTAL_ORDER.map((k) => text(k, e.entregaPostal?.[k])).join(''))
    : '';
  const deh = e.entregaDEH
    ? el('entregaDEH', text('obligado', e.entregaDEH.obligado) + text('codigoProcedimiento', e.entregaDEH.codigoProcedimiento))
    : '';
  return el('envio', text('referenciaEmisor', referencia) + persona('titular', e.titular) + destinatarios + postal + deh);
}

function checkReferencias(remesa: NotificaRemesa, referencias: readonly string[]): void {
  if (remesa.envios.length === 0 || remesa.envios.length > 100) fail('altaRemesaEnvios carries 1 to 100 envíos');
  if (referencias.length !== remesa.envios.length) {
    fail(`${referencias.length} referenciaEmisor values for ${remesa.envios.length} envíos`);
  }
  referencias.forEach((r, i) => {
    if (typeof r !== 'string' || r.length === 0 || [...r].length > MAX_REFERENCIA_EMISOR) {
      fail(`referenciaEmisor ${i} must have 1 to ${MAX_REFERENCIA_EMISOR} characters`);
    }
  });
}

/**
 * The `not:altaRemesaEnvios` element for `remesa`, the i-th envío carrying `referencias[i]` as
 * its `referenciaEmisor`. Throws `TRANSFORM_FAILED` (not retryable: the same input fails again)
 * when the counts differ, a reference does not fit, or a value cannot be written as XML.
 */
export function altaRemesaEnviosXml(remesa: NotificaRemesa, referencias: readonly string[]): string {
  checkReferencias(remesa, referencias);
  const body = [
    text('codigoOrganismoEmisor', remesa.organismoEmisor),
    text('tipoEnvio', remesa.tipoEnvio),
    text('concepto', remesa.concepto),
    text('descripcion', remesa.descripcion),
    text('fechaEnvioProgramado', remesa.fechaEnvioProgramado),
    text('procedimiento', remesa.procedimiento),
    documento(remesa.documento),
    el('envios', remesa.envios.map((e, i) => envio(e, referencias[i])).join('')),
    opciones('opcionesRemesa', [
      ['caducidad', remesa.caducidad],
      ['retardo', remesa.retardo === undefined ? undefined : String(remesa.retardo)],
    ]),
  ].join('');
  return `<${P}:altaRemesaEnvios xmlns:${P}="${NOTIFICA_NS.alta}">${body}</${P}:altaRemesaEnvios>`;
}
