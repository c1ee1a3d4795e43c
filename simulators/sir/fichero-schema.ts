/**
 * The simulator's own reading of `ficheroIntercambio.xsd` (reference/sir-sicres3.md §3): for each
 * segment, its leaves in sequence order with cardinality, type and allowed values. Kept apart
 * from the transform on purpose: the simulator must not trust what pasarela writes.
 */

/** One leaf element. `max` is the XSD maxLength; `base64` marks xs:base64Binary. */
export interface LeafRule {
  name: string;
  required: boolean;
  max?: number;
  base64?: boolean;
  values?: readonly string[];
  /** Required but legally empty (`<Expone/>`). */
  mayBeEmpty?: boolean;
}

/** One segment of the root sequence. */
export interface SegmentRule {
  name: string;
  min: number;
  max: number;
  leaves: LeafRule[];
}

const opt = (name: string, max: number): LeafRule => ({ name, required: false, max });
const req = (name: string, max: number): LeafRule => ({ name, required: true, max });
const b64 = (name: string, required = false): LeafRule => ({ name, required, base64: true });

function identity(suffix: string): LeafRule[] {
  return [
    { name: `Tipo_Documento_Identificacion_${suffix}`, required: false, max: 1, values: ['N', 'C', 'P', 'E', 'X', 'O'] },
    opt(`Documento_Identificacion_${suffix}`, 17), opt(`Razon_Social_${suffix}`, 80), opt(`Nombre_${suffix}`, 30),
    opt(`Primer_Apellido_${suffix}`, 30), opt(`Segundo_Apellido_${suffix}`, 30),
  ];
}

function contact(suffix: string): LeafRule[] {
  return [
    opt(`Pais_${suffix}`, 4), opt(`Provincia_${suffix}`, 2), opt(`Municipio_${suffix}`, 5),
    opt(`Direccion_${suffix}`, 160), opt(`Codigo_Postal_${suffix}`, 5), opt(`Correo_Electronico_${suffix}`, 160),
    opt(`Telefono_Contacto_${suffix}`, 20), opt(`Direccion_Electronica_Habilitada_${suffix}`, 160),
    { name: `Canal_Preferente_Comunicacion_${suffix}`, required: false, max: 2, values: ['01', '02', '03'] },
  ];
}

export const FICHERO_ROOT = 'Fichero_Intercambio_SICRES_3';

export const FICHERO_SEGMENTS: readonly SegmentRule[] = [
  { name: 'De_Origen_o_Remitente', min: 1, max: 1, leaves: [
    req('Codigo_Entidad_Registral_Origen', 21), opt('Decodificacion_Entidad_Registral_Origen', 80),
    req('Numero_Registro_Entrada', 20), req('Fecha_Hora_Entrada', 14), b64('Timestamp_Entrada'),
    opt('Codigo_Unidad_Tramitacion_Origen', 21), opt('Decodificacion_Unidad_Tramitacion_Origen', 80),
  ] },
  { name: 'De_Destino', min: 1, max: 1, leaves: [
    req('Codigo_Entidad_Registral_Destino', 21), opt('Decodificacion_Entidad_Registral_Destino', 80),
    opt('Codigo_Unidad_Tramitacion_Destino', 21), opt('Decodificacion_Unidad_Tramitacion_Destino', 80),
  ] },
  { name: 'De_Interesado', min: 1, max: Infinity, leaves: [
    ...identity('Interesado'), ...identity('Representante'), ...contact('Interesado'), ...contact('Representante'),
    opt('Observaciones', 160),
  ] },
  { name: 'De_Asunto', min: 1, max: 1, leaves: [
    req('Resumen', 240), opt('Codigo_Asunto_Segun_Destino', 16), opt('Referencia_Externa', 16), opt('Numero_Expediente', 80),
  ] },
  { name: 'De_Anexo', min: 0, max: Infinity, leaves: [
    req('Nombre_Fichero_Anexado', 80), req('Identificador_Fichero', 50),
    { name: 'Validez_Documento', required: false, max: 2, values: ['01', '02', '03', '04'] },
    { name: 'Tipo_Documento', required: true, max: 2, values: ['01', '02', '03'] },
    b64('Certificado'), b64('Firma_Documento'), b64('TimeStamp'), b64('Validacion_OCSP_Certificado'), b64('Hash', true),
    opt('Tipo_MIME', 20), b64('Anexo'), opt('Identificador_Documento_Firmado', 50), opt('Observaciones', 50),
  ] },
  { name: 'De_Internos_Control', min: 1, max: 1, leaves: [
    { name: 'Tipo_Transporte_Entrada', required: false, max: 2, values: ['01', '02', '03', '04', '05', '06', '07'] },
    opt('Numero_Transporte_Entrada', 20), opt('Nombre_Usuario', 80), opt('Contacto_Usuario', 160),
    req('Identificador_Intercambio', 33), opt('Aplicacion_Version_Emisora', 4),
    { name: 'Tipo_Anotacion', required: true, max: 2, values: ['01', '02', '03', '04'] },
    opt('Descripcion_Tipo_Anotacion', 80),
    { name: 'Tipo_Registro', required: true, max: 1, values: ['0', '1'] },
    { name: 'Documentacion_Fisica', required: true, max: 1, values: ['1', '2', '3'] },
    opt('Observaciones_Apunte', 50),
    { name: 'Indicador_Prueba', required: true, max: 1, values: ['0', '1'] },
    req('Codigo_Entidad_Registral_Inicio', 21), opt('Decodificacion_Entidad_Registral_Inicio', 80),
  ] },
  { name: 'De_Formulario_Generico', min: 1, max: 1, leaves: [
    { name: 'Expone', required: true, max: 4000, mayBeEmpty: true },
    { name: 'Solicita', required: true, max: 4000, mayBeEmpty: true },
  ] },
];
