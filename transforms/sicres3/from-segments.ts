import type { FieldProblem } from '../../src/core/errors';
import { SicresCodes, type InterestedParty, type Person, type RegistryEntry } from '../../src/core/registry-entry';
import type { ParsedFichero, Segment } from '../../src/sir/fichero';
import { fromSicresDateTime } from './from-dates';
import { compact, readerOf, type SegmentReader } from './from-read';

/**
 * Readers for the SICRES 3.0 segments other than `De_Anexo` (see `from-annexes.ts`): the
 * inverse of `segments.ts`. Optional elements that are absent or empty are left out of the
 * entry; required ones that are missing read as `''` with a `missing` problem.
 */

/** `Tipo_Anotacion`, readable (reference/sir-sicres3.md §3.1). */
export const AnnotationTypes = { pending: '01', send: '02', resend: '03', reject: '04' } as const;
export type AnnotationType = keyof typeof AnnotationTypes;

/** One reader per 1..1 segment; a missing segment is one `missing-segment` problem. */
export function segmentReader(
  parsed: ParsedFichero, key: 'origin' | 'destination' | 'subject' | 'control' | 'form', name: string, problems: FieldProblem[],
): SegmentReader {
  const seg = parsed[key];
  if (seg === undefined) {
    problems.push({ pointer: `/${name}`, code: 'missing-segment', message: `${name} is missing` });
  }
  return readerOf(seg, `/${name}`, problems);
}

export function readOrigin(r: SegmentReader): RegistryEntry['origin'] {
  const raw = r.required('Fecha_Hora_Entrada');
  const date = raw === '' ? undefined : fromSicresDateTime(raw);
  if (raw !== '' && date === undefined) {
    r.problems.push({
      pointer: `${r.at}/Fecha_Hora_Entrada`,
      code: 'invalid-date',
      message: 'Fecha_Hora_Entrada is not a yyyyMMddHHmmss Europe/Madrid date-time',
    });
  }
  return compact({
    office: r.required('Codigo_Entidad_Registral_Origen'),
    officeName: r.text('Decodificacion_Entidad_Registral_Origen'),
    unit: r.text('Codigo_Unidad_Tramitacion_Origen'),
    unitName: r.text('Decodificacion_Unidad_Tramitacion_Origen'),
    registryNumber: r.required('Numero_Registro_Entrada'),
    registryDate: date ?? '',
  });
}

export function readDestination(r: SegmentReader): RegistryEntry['destination'] {
  return compact({
    office: r.required('Codigo_Entidad_Registral_Destino'),
    officeName: r.text('Decodificacion_Entidad_Registral_Destino'),
    unit: r.text('Codigo_Unidad_Tramitacion_Destino'),
    unitName: r.text('Decodificacion_Unidad_Tramitacion_Destino'),
  });
}

/** The `*_Interesado` or `*_Representante` leaves of one segment as a person. */
function readPerson(r: SegmentReader, suffix: 'Interesado' | 'Representante'): Person {
  return compact({
    documentType: r.code(SicresCodes.identityDocumentType, `Tipo_Documento_Identificacion_${suffix}`),
    documentNumber: r.text(`Documento_Identificacion_${suffix}`),
    companyName: r.text(`Razon_Social_${suffix}`),
    name: r.text(`Nombre_${suffix}`),
    firstSurname: r.text(`Primer_Apellido_${suffix}`),
    secondSurname: r.text(`Segundo_Apellido_${suffix}`),
    country: r.text(`Pais_${suffix}`),
    province: r.text(`Provincia_${suffix}`),
    municipality: r.text(`Municipio_${suffix}`),
    address: r.text(`Direccion_${suffix}`),
    postalCode: r.text(`Codigo_Postal_${suffix}`),
    email: r.text(`Correo_Electronico_${suffix}`),
    phone: r.text(`Telefono_Contacto_${suffix}`),
    electronicAddress: r.text(`Direccion_Electronica_Habilitada_${suffix}`),
    preferredChannel: r.code(SicresCodes.preferredChannel, `Canal_Preferente_Comunicacion_${suffix}`),
  });
}

const isEmpty = (o: object): boolean => Object.keys(o).length === 0;

/**
 * One party per `De_Interesado` that carries anything; empty segments (the XSD's mandatory
 * placeholder when there is no party) are skipped. A representative without interested data
 * maps to `interested: {}`: judging that is the reception rules' job (RC-129), not this mapping's.
 */
export function readInterested(segments: Segment[], problems: FieldProblem[]): InterestedParty[] {
  const parties: InterestedParty[] = [];
  segments.forEach((seg, i) => {
    const r = readerOf(seg, `/De_Interesado/${i}`, problems);
    const interested = readPerson(r, 'Interesado');
    const representative = readPerson(r, 'Representante');
    const remarks = r.text('Observaciones');
    if (isEmpty(interested) && isEmpty(representative) && remarks === undefined) return;
    parties.push(compact({ interested, representative: isEmpty(representative) ? undefined : representative, remarks }));
  });
  return parties;
}

export function readSubject(r: SegmentReader): RegistryEntry['subject'] {
  return compact({
    summary: r.required('Resumen'),
    subjectCode: r.text('Codigo_Asunto_Segun_Destino'),
    externalReference: r.text('Referencia_Externa'),
    caseNumber: r.text('Numero_Expediente'),
  });
}

function readTestFlag(r: SegmentReader): boolean {
  const flag = r.code({ false: '0', true: '1' }, 'Indicador_Prueba', true);
  // Unknown or missing reads as a test entry: the safe side, and the problem is reported.
  return flag !== 'false';
}

export function readControl(r: SegmentReader): RegistryEntry['control'] {
  return compact({
    registryType: r.code(SicresCodes.registryType, 'Tipo_Registro', true) ?? 'entrada',
    transport: r.code(SicresCodes.transport, 'Tipo_Transporte_Entrada'),
    transportNumber: r.text('Numero_Transporte_Entrada'),
    userName: r.text('Nombre_Usuario'),
    userContact: r.text('Contacto_Usuario'),
    exchangeId: r.required('Identificador_Intercambio'),
    annotationDescription: r.text('Descripcion_Tipo_Anotacion'),
    physicalDocumentation: r.code(SicresCodes.physicalDocumentation, 'Documentacion_Fisica', true) ?? 'none',
    remarks: r.text('Observaciones_Apunte'),
    test: readTestFlag(r),
  });
}

/** Expone/Solicita are mandatory elements that may be empty, so empty is kept as `''`. */
export function readForm(r: SegmentReader, form: Segment | undefined): RegistryEntry['form'] {
  for (const element of ['Expone', 'Solicita']) {
    if (form !== undefined && form[element] === undefined) {
      r.problems.push({ pointer: `${r.at}/${element}`, code: 'missing', message: `${element} is required and is missing` });
    }
  }
  return { expone: form?.Expone ?? '', solicita: form?.Solicita ?? '' };
}
