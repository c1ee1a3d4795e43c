/**
 * Our reading of `ficheroIntercambio.xsd` (reference/sir-sicres3.md §3): the root sequence of
 * segments and, per segment, its leaves in sequence order with minOccurs, maxLength, type and
 * the XSD enumerations. Written from the reference tables, never copied from the official file.
 * Used by the parser (order/cardinality facts) and by the B.1 rules (lengths, enums, base64).
 * Business code lists that the XSD does not enumerate live in ./codes.ts.
 */

export interface LeafRule {
  name: string;
  /** XSD minOccurs = 1 (the element must be there; it may still be empty, see `mayBeEmpty`). */
  required: boolean;
  /** XSD maxLength, in characters. */
  max?: number;
  /** xs:base64Binary. */
  base64?: boolean;
  /** XSD enumeration (only Tipo_Registro, Documentacion_Fisica and Indicador_Prueba have one). */
  values?: readonly string[];
  /** Required but legally empty (`<Expone/>`). */
  mayBeEmpty?: boolean;
}

export interface SegmentRule {
  name: string;
  min: number;
  max: number;
  leaves: readonly LeafRule[];
}

const opt = (name: string, max: number): LeafRule => ({ name, required: false, max });
const req = (name: string, max: number): LeafRule => ({ name, required: true, max });
const b64 = (name: string, required = false): LeafRule => ({ name, required, base64: true });

function identity(suffix: string): LeafRule[] {
  return [
    opt(`Tipo_Documento_Identificacion_${suffix}`, 1), opt(`Documento_Identificacion_${suffix}`, 17),
    opt(`Razon_Social_${suffix}`, 80), opt(`Nombre_${suffix}`, 30),
    opt(`Primer_Apellido_${suffix}`, 30), opt(`Segundo_Apellido_${suffix}`, 30),
  ];
}

function contact(suffix: string): LeafRule[] {
  return [
    opt(`Pais_${suffix}`, 4), opt(`Provincia_${suffix}`, 2), opt(`Municipio_${suffix}`, 5),
    opt(`Direccion_${suffix}`, 160), opt(`Codigo_Postal_${suffix}`, 5), opt(`Correo_Electronico_${suffix}`, 160),
    opt(`Telefono_Contacto_${suffix}`, 20), opt(`Direccion_Electronica_Habilitada_${suffix}`, 160),
    opt(`Canal_Preferente_Comunicacion_${suffix}`, 2),
  ];
}

export const FICHERO_ROOT = 'Fichero_Intercambio_SICRES_3';

export const ORIGIN = 'De_Origen_o_Remitente';
export const DESTINATION = 'De_Destino';
export const INTERESTED = 'De_Interesado';
export const SUBJECT = 'De_Asunto';
export const ANNEX = 'De_Anexo';
export const CONTROL = 'De_Internos_Control';
export const FORM = 'De_Formulario_Generico';

export const SEGMENTS: readonly SegmentRule[] = [
  { name: ORIGIN, min: 1, max: 1, leaves: [
    req('Codigo_Entidad_Registral_Origen', 21), opt('Decodificacion_Entidad_Registral_Origen', 80),
    req('Numero_Registro_Entrada', 20), req('Fecha_Hora_Entrada', 14), b64('Timestamp_Entrada'),
    opt('Codigo_Unidad_Tramitacion_Origen', 21), opt('Decodificacion_Unidad_Tramitacion_Origen', 80),
  ] },
  { name: DESTINATION, min: 1, max: 1, leaves: [
    req('Codigo_Entidad_Registral_Destino', 21), opt('Decodificacion_Entidad_Registral_Destino', 80),
    opt('Codigo_Unidad_Tramitacion_Destino', 21), opt('Decodificacion_Unidad_Tramitacion_Destino', 80),
  ] },
  { name: INTERESTED, min: 1, max: Infinity, leaves: [
    ...identity('Interesado'), ...identity('Representante'), ...contact('Interesado'), ...contact('Representante'),
    opt('Observaciones', 160),
  ] },
  { name: SUBJECT, min: 1, max: 1, leaves: [
    req('Resumen', 240), opt('Codigo_Asunto_Segun_Destino', 16), opt('Referencia_Externa', 16), opt('Numero_Expediente', 80),
  ] },
  { name: ANNEX, min: 0, max: Infinity, leaves: [
    req('Nombre_Fichero_Anexado', 80), req('Identificador_Fichero', 50), opt('Validez_Documento', 2),
    req('Tipo_Documento', 2), b64('Certificado'), b64('Firma_Documento'), b64('TimeStamp'),
    b64('Validacion_OCSP_Certificado'), b64('Hash', true), opt('Tipo_MIME', 20), b64('Anexo'),
    opt('Identificador_Documento_Firmado', 50), opt('Observaciones', 50),
  ] },
  { name: CONTROL, min: 1, max: 1, leaves: [
    opt('Tipo_Transporte_Entrada', 2), opt('Numero_Transporte_Entrada', 20), opt('Nombre_Usuario', 80),
    opt('Contacto_Usuario', 160), req('Identificador_Intercambio', 33), opt('Aplicacion_Version_Emisora', 4),
    req('Tipo_Anotacion', 2), opt('Descripcion_Tipo_Anotacion', 80),
    { name: 'Tipo_Registro', required: true, max: 1, values: ['0', '1'] },
    { name: 'Documentacion_Fisica', required: true, max: 1, values: ['1', '2', '3'] },
    opt('Observaciones_Apunte', 50),
    { name: 'Indicador_Prueba', required: true, max: 1, values: ['0', '1'] },
    req('Codigo_Entidad_Registral_Inicio', 21), opt('Decodificacion_Entidad_Registral_Inicio', 80),
  ] },
  { name: FORM, min: 1, max: 1, leaves: [
    { name: 'Expone', required: true, max: 4000, mayBeEmpty: true },
    { name: 'Solicita', required: true, max: 4000, mayBeEmpty: true },
  ] },
];

export function segmentRule(name: string): SegmentRule | undefined {
  return SEGMENTS.find((s) => s.name === name);
}

/** All base64Binary leaf names (read raw by the parser: they can be megabytes long). */
export const BASE64_LEAVES: readonly string[] = [...new Set(SEGMENTS.flatMap((s) => s.leaves.filter((l) => l.base64).map((l) => l.name)))];
