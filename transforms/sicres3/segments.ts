import type { FieldProblem } from '../../src/core/errors';
import { SicresCodes, type InterestedParty, type Person, type RegistryEntry } from '../../src/core/registry-entry';
import { toCode } from './codes';
import { toSicresDateTime } from './dates';
import { writeSegment, type Leaf } from './xml';

/**
 * Builders for the SICRES 3.0 segments other than `De_Anexo` (see `annexes.ts`). Element order
 * and maximum lengths follow `ficheroIntercambio.xsd` (reference/sir-sicres3.md §3).
 */

const P = '/payload';

/** Value SICRES expects in Aplicacion_Version_Emisora (max 4 characters). */
export const EMITTING_APPLICATION = 'PSRL';
/** Tipo_Anotacion of a first hop (envío). */
export const ANNOTATION_SEND = '02';

export function originSegment(e: RegistryEntry, problems: FieldProblem[]): string {
  const o = e.origin;
  const date = toSicresDateTime(o.registryDate);
  if (date === undefined) {
    problems.push({
      pointer: `${P}/origin/registryDate`,
      code: 'invalid-date',
      message: 'Fecha_Hora_Entrada needs an ISO 8601 date-time with offset',
    });
  }
  return writeSegment('De_Origen_o_Remitente', [
    { element: 'Codigo_Entidad_Registral_Origen', value: o.office, max: 21, pointer: `${P}/origin/office`, required: true },
    { element: 'Decodificacion_Entidad_Registral_Origen', value: o.officeName, max: 80, pointer: `${P}/origin/officeName` },
    { element: 'Numero_Registro_Entrada', value: o.registryNumber, max: 20, pointer: `${P}/origin/registryNumber`, required: true },
    { element: 'Fecha_Hora_Entrada', value: date, max: 14, pointer: `${P}/origin/registryDate`, required: true },
    { element: 'Codigo_Unidad_Tramitacion_Origen', value: o.unit, max: 21, pointer: `${P}/origin/unit` },
    { element: 'Decodificacion_Unidad_Tramitacion_Origen', value: o.unitName, max: 80, pointer: `${P}/origin/unitName` },
  ], problems);
}

export function destinationSegment(e: RegistryEntry, problems: FieldProblem[]): string {
  const d = e.destination;
  return writeSegment('De_Destino', [
    { element: 'Codigo_Entidad_Registral_Destino', value: d.office, max: 21, pointer: `${P}/destination/office`, required: true },
    { element: 'Decodificacion_Entidad_Registral_Destino', value: d.officeName, max: 80, pointer: `${P}/destination/officeName` },
    { element: 'Codigo_Unidad_Tramitacion_Destino', value: d.unit, max: 21, pointer: `${P}/destination/unit` },
    { element: 'Decodificacion_Unidad_Tramitacion_Destino', value: d.unitName, max: 80, pointer: `${P}/destination/unitName` },
  ], problems);
}

/** Identity leaves of one person (document, names), suffixed `_Interesado` / `_Representante`. */
function identityLeaves(p: Person | undefined, suffix: string, at: string, problems: FieldProblem[]): Leaf[] {
  const docType = toCode(SicresCodes.identityDocumentType, p?.documentType,
    `Tipo_Documento_Identificacion_${suffix}`, `${at}/documentType`, problems);
  return [
    { element: `Tipo_Documento_Identificacion_${suffix}`, value: docType, max: 1, pointer: `${at}/documentType` },
    { element: `Documento_Identificacion_${suffix}`, value: p?.documentNumber, max: 17, pointer: `${at}/documentNumber` },
    { element: `Razon_Social_${suffix}`, value: p?.companyName, max: 80, pointer: `${at}/companyName` },
    { element: `Nombre_${suffix}`, value: p?.name, max: 30, pointer: `${at}/name` },
    { element: `Primer_Apellido_${suffix}`, value: p?.firstSurname, max: 30, pointer: `${at}/firstSurname` },
    { element: `Segundo_Apellido_${suffix}`, value: p?.secondSurname, max: 30, pointer: `${at}/secondSurname` },
  ];
}

/** Contact leaves of one person (address, e-mail, channel). */
function contactLeaves(p: Person | undefined, suffix: string, at: string, problems: FieldProblem[]): Leaf[] {
  const channel = toCode(SicresCodes.preferredChannel, p?.preferredChannel,
    `Canal_Preferente_Comunicacion_${suffix}`, `${at}/preferredChannel`, problems);
  return [
    { element: `Pais_${suffix}`, value: p?.country, max: 4, pointer: `${at}/country` },
    { element: `Provincia_${suffix}`, value: p?.province, max: 2, pointer: `${at}/province` },
    { element: `Municipio_${suffix}`, value: p?.municipality, max: 5, pointer: `${at}/municipality` },
    { element: `Direccion_${suffix}`, value: p?.address, max: 160, pointer: `${at}/address` },
    { element: `Codigo_Postal_${suffix}`, value: p?.postalCode, max: 5, pointer: `${at}/postalCode` },
    { element: `Correo_Electronico_${suffix}`, value: p?.email, max: 160, pointer: `${at}/email` },
    { element: `Telefono_Contacto_${suffix}`, value: p?.phone, max: 20, pointer: `${at}/phone` },
    { element: `Direccion_Electronica_Habilitada_${suffix}`, value: p?.electronicAddress, max: 160, pointer: `${at}/electronicAddress` },
    { element: `Canal_Preferente_Comunicacion_${suffix}`, value: channel, max: 2, pointer: `${at}/preferredChannel` },
  ];
}

function interestedSegment(party: InterestedParty, index: number, problems: FieldProblem[]): string {
  const at = `${P}/interested/${index}`;
  return writeSegment('De_Interesado', [
    ...identityLeaves(party.interested, 'Interesado', `${at}/interested`, problems),
    ...identityLeaves(party.representative, 'Representante', `${at}/representative`, problems),
    ...contactLeaves(party.interested, 'Interesado', `${at}/interested`, problems),
    ...contactLeaves(party.representative, 'Representante', `${at}/representative`, problems),
    { element: 'Observaciones', value: party.remarks, max: 160, pointer: `${at}/remarks` },
  ], problems);
}

/**
 * One `De_Interesado` per party. With none, one empty segment: the XSD requires at least one,
 * and the Ministry's own minimal sample (SIR-RC-PR-001) sends it empty.
 */
export function interestedSegments(e: RegistryEntry, problems: FieldProblem[]): string[] {
  if (e.interested.length === 0) return [writeSegment('De_Interesado', [], problems)];
  return e.interested.map((party, i) => interestedSegment(party, i, problems));
}

export function subjectSegment(e: RegistryEntry, problems: FieldProblem[]): string {
  const s = e.subject;
  return writeSegment('De_Asunto', [
    { element: 'Resumen', value: s.summary, max: 240, pointer: `${P}/subject/summary`, required: true },
    { element: 'Codigo_Asunto_Segun_Destino', value: s.subjectCode, max: 16, pointer: `${P}/subject/subjectCode` },
    { element: 'Referencia_Externa', value: s.externalReference, max: 16, pointer: `${P}/subject/externalReference` },
    { element: 'Numero_Expediente', value: s.caseNumber, max: 80, pointer: `${P}/subject/caseNumber` },
  ], problems);
}

export function controlSegment(e: RegistryEntry, exchangeId: string, problems: FieldProblem[]): string {
  const c = e.control;
  const at = `${P}/control`;
  return writeSegment('De_Internos_Control', [
    { element: 'Tipo_Transporte_Entrada', value: toCode(SicresCodes.transport, c.transport, 'Tipo_Transporte_Entrada', `${at}/transport`, problems), max: 2, pointer: `${at}/transport` },
    { element: 'Numero_Transporte_Entrada', value: c.transportNumber, max: 20, pointer: `${at}/transportNumber` },
    { element: 'Nombre_Usuario', value: c.userName, max: 80, pointer: `${at}/userName` },
    { element: 'Contacto_Usuario', value: c.userContact, max: 160, pointer: `${at}/userContact` },
    { element: 'Identificador_Intercambio', value: exchangeId, max: 33, pointer: `${at}/exchangeId`, required: true },
    { element: 'Aplicacion_Version_Emisora', value: EMITTING_APPLICATION, max: 4, pointer: `${at}` },
    { element: 'Tipo_Anotacion', value: ANNOTATION_SEND, max: 2, pointer: `${at}`, required: true },
    { element: 'Descripcion_Tipo_Anotacion', value: c.annotationDescription ?? 'Envío', max: 80, pointer: `${at}/annotationDescription` },
    { element: 'Tipo_Registro', value: toCode(SicresCodes.registryType, c.registryType, 'Tipo_Registro', `${at}/registryType`, problems), max: 1, pointer: `${at}/registryType`, required: true },
    { element: 'Documentacion_Fisica', value: toCode(SicresCodes.physicalDocumentation, c.physicalDocumentation, 'Documentacion_Fisica', `${at}/physicalDocumentation`, problems), max: 1, pointer: `${at}/physicalDocumentation`, required: true },
    { element: 'Observaciones_Apunte', value: c.remarks, max: 50, pointer: `${at}/remarks` },
    { element: 'Indicador_Prueba', value: c.test ? '1' : '0', max: 1, pointer: `${at}/test`, required: true },
    { element: 'Codigo_Entidad_Registral_Inicio', value: e.origin.office, max: 21, pointer: `${P}/origin/office`, required: true },
    { element: 'Decodificacion_Entidad_Registral_Inicio', value: e.origin.officeName, max: 80, pointer: `${P}/origin/officeName` },
  ], problems);
}

export function formSegment(e: RegistryEntry, problems: FieldProblem[]): string {
  return writeSegment('De_Formulario_Generico', [
    { element: 'Expone', value: e.form.expone, max: 4000, pointer: `${P}/form/expone`, required: true },
    { element: 'Solicita', value: e.form.solicita, max: 4000, pointer: `${P}/form/solicita`, required: true },
  ], problems);
}
