/**
 * The column table of `registro-csv`: every header the file may use, named by the dotted path of
 * the canonical field it fills. One row of the file carries one interested party (`interested.*`)
 * and, optionally, its representative (`representative.*`).
 */

/** How a cell is read: text is copied verbatim; dates and booleans are parsed. */
export type CellKind = 'text' | 'date' | 'boolean';

export interface Column {
  /** Header name, the canonical field path (`origin.registryDate`); matched case-insensitively. */
  readonly name: string;
  /** A required column must be in the header (its field is required by the canonical schema). */
  readonly required: boolean;
  readonly kind: CellKind;
  /** The SICRES 3.0 element the field ends up in. */
  readonly sicres: string;
}

const text = (name: string, sicres: string, required = false): Column => ({ name, required, kind: 'text', sicres });

/** Person fields -> the stem of their SICRES element (`Nombre` -> `Nombre_Interesado`). */
const PERSON_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['documentType', 'Tipo_Documento_Identificacion'],
  ['documentNumber', 'Documento_Identificacion'],
  ['companyName', 'Razon_Social'],
  ['name', 'Nombre'],
  ['firstSurname', 'Primer_Apellido'],
  ['secondSurname', 'Segundo_Apellido'],
  ['country', 'Pais'],
  ['province', 'Provincia'],
  ['municipality', 'Municipio'],
  ['address', 'Direccion'],
  ['postalCode', 'Codigo_Postal'],
  ['email', 'Correo_Electronico'],
  ['phone', 'Telefono_Contacto'],
  ['electronicAddress', 'Direccion_Electronica_Habilitada'],
  ['preferredChannel', 'Canal_Preferente_Comunicacion'],
];

function personColumns(prefix: 'interested' | 'representative', suffix: string): Column[] {
  return PERSON_FIELDS.map(([field, stem]) => text(`${prefix}.${field}`, `De_Interesado/${stem}_${suffix}`));
}

export const COLUMNS: readonly Column[] = [
  text('origin.office', 'De_Origen_o_Remitente/Codigo_Entidad_Registral_Origen', true),
  text('origin.officeName', 'De_Origen_o_Remitente/Decodificacion_Entidad_Registral_Origen'),
  text('origin.unit', 'De_Origen_o_Remitente/Codigo_Unidad_Tramitacion_Origen'),
  text('origin.unitName', 'De_Origen_o_Remitente/Decodificacion_Unidad_Tramitacion_Origen'),
  text('origin.registryNumber', 'De_Origen_o_Remitente/Numero_Registro_Entrada', true),
  { name: 'origin.registryDate', required: true, kind: 'date', sicres: 'De_Origen_o_Remitente/Fecha_Hora_Entrada' },
  text('destination.office', 'De_Destino/Codigo_Entidad_Registral_Destino', true),
  text('destination.officeName', 'De_Destino/Decodificacion_Entidad_Registral_Destino'),
  text('destination.unit', 'De_Destino/Codigo_Unidad_Tramitacion_Destino'),
  text('destination.unitName', 'De_Destino/Decodificacion_Unidad_Tramitacion_Destino'),
  text('subject.summary', 'De_Asunto/Resumen', true),
  text('subject.subjectCode', 'De_Asunto/Codigo_Asunto_Segun_Destino'),
  text('subject.externalReference', 'De_Asunto/Referencia_Externa'),
  text('subject.caseNumber', 'De_Asunto/Numero_Expediente'),
  text('form.expone', 'De_Formulario_Generico/Expone'),
  text('form.solicita', 'De_Formulario_Generico/Solicita'),
  ...personColumns('interested', 'Interesado'),
  text('interested.remarks', 'De_Interesado/Observaciones'),
  ...personColumns('representative', 'Representante'),
  text('control.registryType', 'De_Internos_Control/Tipo_Registro', true),
  text('control.transport', 'De_Internos_Control/Tipo_Transporte_Entrada'),
  text('control.transportNumber', 'De_Internos_Control/Numero_Transporte_Entrada'),
  text('control.userName', 'De_Internos_Control/Nombre_Usuario'),
  text('control.userContact', 'De_Internos_Control/Contacto_Usuario'),
  text('control.annotationDescription', 'De_Internos_Control/Descripcion_Tipo_Anotacion'),
  text('control.physicalDocumentation', 'De_Internos_Control/Documentacion_Fisica', true),
  text('control.remarks', 'De_Internos_Control/Observaciones_Apunte'),
  { name: 'control.test', required: true, kind: 'boolean', sicres: 'De_Internos_Control/Indicador_Prueba' },
];

const BY_LOWER_NAME = new Map(COLUMNS.map((c) => [c.name.toLowerCase(), c]));

/** The column a header cell names (trimmed, case-insensitive), or undefined. */
export function columnNamed(header: string): Column | undefined {
  return BY_LOWER_NAME.get(header.trim().toLowerCase());
}
