import type { NotificaEntregaPostal, NotificaEnvio, NotificaPersona, NotificaRemesa } from '../src/connectors/notifica/remesa';
import type { Envelope } from '../src/core/envelope';
import { Errors, PasarelaError, asPasarelaError } from '../src/core/errors';
import { codeIn, coded, defined, leaf, missing, type Problems } from './notifica/fields';
import {
  DEFAULT_POSTAL_COUNTRY, NotificaCodes, expiryDate, madridDate, type Notification, type Party, type PostalAddress, type Recipient,
} from '../src/core/notification';
import type { Transform } from '../src/core/plugin';

/**
 * `notification` -> Notific@ `altaRemesaEnvios` (reference/notifica-carpeta.md §2.1), as the
 * readable `NotificaRemesa` the connector writes. Every value is checked against the XSD facet it
 * lands in (`xs:length` read as a maximum, as real clients send it) and against what XML can
 * carry; a value that does not fit is a problem, never a cut string.
 */

/** Envíos per remesa (XSD `Envios` maxOccurs). */
export const MAX_ENVIOS = 100;

const SHA256_HEX = /^[0-9a-f]{64}$/;
// A plain character-class loop: a grouped pattern overflows the regex stack on large documents.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const DIR3 = /^[A-Z][A-Z0-9]{8}$/;
const SIA = /^[0-9]{1,9}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** Canonical postal field -> entregaPostal element and its XSD length (read as a maximum). */
const POSTAL_TEXT: ReadonlyArray<readonly [keyof PostalAddress, keyof NotificaEntregaPostal, number]> = [
  ['streetType', 'tipoVia', 5], ['streetName', 'nombreVia', 50], ['number', 'numeroCasa', 5], ['portal', 'portal', 3],
  ['door', 'puerta', 3], ['stair', 'escalera', 3], ['floor', 'planta', 3], ['block', 'bloque', 3],
  ['complement', 'complemento', 40], ['postalCode', 'codigoPostal', 10], ['poBox', 'apartadoCorreos', 10],
];
const POSTAL_TAIL: ReadonlyArray<readonly [keyof PostalAddress, keyof NotificaEntregaPostal, number]> = [
  ['town', 'poblacion', 30], ['line1', 'linea1', 50], ['line2', 'linea2', 50],
];

function persona(problems: Problems, party: Party, at: string): NotificaPersona {
  const surnames = [party.firstSurname, party.secondSurname].filter((s) => typeof s === 'string' && s !== '').join(' ');
  return defined<NotificaPersona>({
    nif: leaf(problems, party.documentNumber, `${at}/documentNumber`, 'nif', 9),
    nombre: leaf(problems, party.name, `${at}/name`, 'nombre'),
    apellidos: leaf(problems, surnames === '' ? undefined : surnames, `${at}/firstSurname`, 'apellidos'),
    razonSocial: leaf(problems, party.companyName, `${at}/companyName`, 'razonSocial'),
    email: leaf(problems, party.email, `${at}/email`, 'email'),
    telefono: leaf(problems, party.phone, `${at}/phone`, 'telefono'),
    codigoDestino: coded(problems, party.dir3Code, `${at}/dir3Code`, 'codigoDestino', DIR3),
  });
}

function titular(problems: Problems, holder: Party | undefined, at: string): NotificaPersona {
  if (!holder || typeof holder !== 'object') {
    missing(problems, at, 'titular');
    return {};
  }
  // Notific@ answers with nifTitular per envío; only an administration may go without one.
  if (holder.documentNumber === undefined && holder.dir3Code === undefined) missing(problems, `${at}/documentNumber`, 'titular/nif');
  return persona(problems, holder, at);
}

function entregaPostal(problems: Problems, a: PostalAddress, at: string): NotificaEntregaPostal {
  const tipoDomicilio = codeIn(NotificaCodes.postalAddressKind, a.kind);
  if (tipoDomicilio === undefined) problems.push({ pointer: `${at}/kind`, code: 'invalid', message: 'tipoDomicilio has no code for this kind' });
  if (a.postalCode === undefined) missing(problems, `${at}/postalCode`, 'codigoPostal');
  const out: Record<string, unknown> = { tipoDomicilio };
  for (const [field, element, max] of POSTAL_TEXT) out[element] = leaf(problems, a[field], `${at}/${field}`, element, max);
  out.municipio = coded(problems, a.municipalityCode, `${at}/municipalityCode`, 'municipio', /^[0-9]{6}$/);
  out.provincia = coded(problems, a.provinceCode, `${at}/provinceCode`, 'provincia', /^[0-9]{2}$/);
  out.pais = coded(problems, a.country ?? DEFAULT_POSTAL_COUNTRY, `${at}/country`, 'pais', /^[A-Z]{2}$/);
  for (const [field, element, max] of POSTAL_TAIL) out[element] = leaf(problems, a[field], `${at}/${field}`, element, max);
  return defined(out) as unknown as NotificaEntregaPostal;
}

function envio(problems: Problems, r: Recipient, at: string, procedure: string | undefined): NotificaEnvio {
  const out: NotificaEnvio = { titular: titular(problems, r?.holder, `${at}/holder`) };
  if (r?.representative) out.destinatarios = [persona(problems, r.representative, `${at}/representative`)];
  if (r?.postalAddress) out.entregaPostal = entregaPostal(problems, r.postalAddress, `${at}/postalAddress`);
  if (r?.electronicMailbox) {
    // The DEHú finds the mailbox by the holder's NIF.
    if (r.holder?.documentNumber === undefined) missing(problems, `${at}/holder/documentNumber`, 'entregaDEH');
    out.entregaDEH = defined({ obligado: r.electronicMailbox.mandatory === true, codigoProcedimiento: procedure });
  }
  return out;
}

function envios(problems: Problems, n: Notification, procedure: string | undefined): NotificaEnvio[] {
  const recipients = Array.isArray(n.recipients) ? n.recipients : [];
  if (recipients.length === 0 || recipients.length > MAX_ENVIOS) {
    problems.push({ pointer: '/payload/recipients', code: 'count', message: `altaRemesaEnvios carries 1 to ${MAX_ENVIOS} envíos` });
  }
  return recipients.map((r, i) => envio(problems, r, `/payload/recipients/${i}`, procedure));
}

function documento(problems: Problems, n: Notification): NotificaRemesa['documento'] {
  const d = n.document ?? ({} as Notification['document']);
  const content = d.content;
  if (typeof content !== 'string' || content === '' || content.length % 4 !== 0 || !BASE64_CHARS.test(content)) {
    problems.push({ pointer: '/payload/document/content', code: 'invalid', message: 'documento/contenido must be non-empty base64' });
  }
  if (typeof d.sha256 !== 'string' || !SHA256_HEX.test(d.sha256)) {
    problems.push({ pointer: '/payload/document/sha256', code: 'invalid', message: 'documento/hash needs a lower-case hex SHA-256' });
  }
  return defined({
    contenido: typeof content === 'string' ? content : '',
    // notib sends base64 of the raw digest, not of its hex spelling (reference §2.1).
    hash: typeof d.sha256 === 'string' ? Buffer.from(d.sha256, 'hex').toString('base64') : '',
    normalizado: typeof d.normalized === 'boolean' ? d.normalized : undefined,
    generarCsv: false,
  });
}

/**
 * `fechaEnvioProgramado`, only when later than the day pasarela received the message: notib
 * sends it only when it is later than today, and an earlier one means "now".
 */
function scheduled(problems: Problems, n: Notification, receivedAt: string): string | undefined {
  const date = coded(problems, n.scheduledFor, '/payload/scheduledFor', 'fechaEnvioProgramado', DATE);
  if (date === undefined) return undefined;
  const at = new Date(receivedAt);
  return Number.isNaN(at.getTime()) || date > madridDate(at) ? date : undefined;
}

/** The remesa for one canonical notification; throws `TRANSFORM_FAILED` with every problem at once. */
export function toNotificaRemesa(n: Notification, receivedAt: string): NotificaRemesa {
  const problems: Problems = [];
  const tipoEnvio = codeIn(NotificaCodes.kind, n.kind);
  if (tipoEnvio === undefined) problems.push({ pointer: '/payload/kind', code: 'invalid', message: 'tipoEnvio has no code for this kind' });
  const organismoEmisor = coded(problems, n.issuingBody, '/payload/issuingBody', 'codigoOrganismoEmisor', DIR3);
  if (n.issuingBody === undefined) missing(problems, '/payload/issuingBody', 'codigoOrganismoEmisor');
  const procedimiento = coded(problems, n.procedure, '/payload/procedure', 'procedimiento', SIA);
  const concepto = leaf(problems, n.concept, '/payload/concept', 'concepto', 255);
  if (concepto === undefined || concepto === '') missing(problems, '/payload/concept', 'concepto');
  const caducidad = expiryDate(receivedAt, n.expiryDays);
  if (caducidad === undefined) {
    problems.push({ pointer: '/payload/expiryDays', code: 'invalid', message: 'caducidad needs an integer expiryDays and the envelope receivedAt' });
  }
  const retardo = n.postalDelayDays;
  if (retardo !== undefined && !(Number.isInteger(retardo) && retardo >= 0)) {
    problems.push({ pointer: '/payload/postalDelayDays', code: 'invalid', message: 'retardo must be a whole number of days' });
  }
  // Placeholders ('' and the non-null tipoEnvio) never escape: their problems throw below.
  const remesa = defined<NotificaRemesa>({
    organismoEmisor: organismoEmisor ?? '',
    tipoEnvio: tipoEnvio!,
    concepto: concepto ?? '',
    descripcion: leaf(problems, n.description, '/payload/description', 'descripcion', 1000),
    fechaEnvioProgramado: scheduled(problems, n, receivedAt),
    procedimiento,
    documento: documento(problems, n),
    envios: envios(problems, n, procedimiento),
    caducidad,
    retardo,
  });
  if (problems.length > 0) {
    const elements = [...new Set(problems.map((p) => p.message.split(' ')[0]))].join(', ');
    throw new PasarelaError(Errors.TRANSFORM_FAILED, `The notification does not fit Notific@ altaRemesaEnvios: ${elements}`, { problems });
  }
  return remesa;
}

/**
 * `notification` -> `NotificaRemesa`. Pure and deterministic: the expiry date (`caducidad`) is
 * counted from the envelope's `receivedAt`, never from a clock. `referenciaEmisor` is left to
 * the connector, which stamps it from the delivery key.
 */
export const notificationToNotifica: Transform<Notification, NotificaRemesa> = {
  name: 'notification-to-notifica',
  from: 'notification',
  to: 'notifica-remesa',
  apply(message: Envelope<Notification>): NotificaRemesa {
    try {
      return toNotificaRemesa(message.payload, message.receivedAt);
    } catch (e) {
      throw asPasarelaError(e, Errors.TRANSFORM_FAILED);
    }
  },
};
