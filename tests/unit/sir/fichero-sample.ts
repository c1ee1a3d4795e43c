/**
 * A minimal valid fichero (reference/sir-sicres3.md §11.1, fictitious DIR3 codes) with a few
 * hooks to vary it: each test changes one thing and expects one verdict.
 */
export interface SampleParts {
  origin?: string;
  destination?: string;
  interested?: string;
  annexes?: string;
  control?: string;
  form?: string;
}

export const ANNEX = `<De_Anexo>
    <Nombre_Fichero_Anexado>solicitud.txt</Nombre_Fichero_Anexado>
    <Identificador_Fichero>O00012345_24_00000001_01_0001.txt</Identificador_Fichero>
    <Validez_Documento>01</Validez_Documento>
    <Tipo_Documento>02</Tipo_Documento>
    <Hash>PetfI0qLUezO6aGRZPCa5pTbXc5U0WhFaUYXKvZnm0Q=</Hash>
    <Tipo_MIME>text/plain</Tipo_MIME>
    <Anexo>U29saWNpdHVkIGRlIHBydWViYSBTSVIK</Anexo>
  </De_Anexo>`;

export const PARTY = `<De_Interesado>
    <Tipo_Documento_Identificacion_Interesado>N</Tipo_Documento_Identificacion_Interesado>
    <Documento_Identificacion_Interesado>00000000T</Documento_Identificacion_Interesado>
    <Nombre_Interesado>NOMBRE</Nombre_Interesado>
    <Primer_Apellido_Interesado>APELLIDO</Primer_Apellido_Interesado>
    <Pais_Interesado>724</Pais_Interesado>
    <Direccion_Interesado>Calle Ejemplo 1</Direccion_Interesado>
    <Codigo_Postal_Interesado>23001</Codigo_Postal_Interesado>
    <Canal_Preferente_Comunicacion_Interesado>01</Canal_Preferente_Comunicacion_Interesado>
  </De_Interesado>`;

export const ORIGIN = `<De_Origen_o_Remitente>
    <Codigo_Entidad_Registral_Origen>O00012345</Codigo_Entidad_Registral_Origen>
    <Numero_Registro_Entrada>REGAGE-E-2024-000123</Numero_Registro_Entrada>
    <Fecha_Hora_Entrada>20240305101530</Fecha_Hora_Entrada>
    <Codigo_Unidad_Tramitacion_Origen>L01000001</Codigo_Unidad_Tramitacion_Origen>
  </De_Origen_o_Remitente>`;

export const DESTINATION = `<De_Destino>
    <Codigo_Entidad_Registral_Destino>O00067890</Codigo_Entidad_Registral_Destino>
  </De_Destino>`;

export const CONTROL = `<De_Internos_Control>
    <Identificador_Intercambio>O00012345_24_00000001</Identificador_Intercambio>
    <Tipo_Anotacion>02</Tipo_Anotacion>
    <Tipo_Registro>0</Tipo_Registro>
    <Documentacion_Fisica>3</Documentacion_Fisica>
    <Indicador_Prueba>1</Indicador_Prueba>
    <Codigo_Entidad_Registral_Inicio>O00012345</Codigo_Entidad_Registral_Inicio>
  </De_Internos_Control>`;

export const FORM = '<De_Formulario_Generico><Expone/><Solicita/></De_Formulario_Generico>';

export function sampleFichero(parts: SampleParts = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Fichero_Intercambio_SICRES_3>
  ${parts.origin ?? ORIGIN}
  ${parts.destination ?? DESTINATION}
  ${parts.interested ?? PARTY}
  <De_Asunto><Resumen>Solicitud de prueba</Resumen></De_Asunto>
  ${parts.annexes ?? ANNEX}
  ${parts.control ?? CONTROL}
  ${parts.form ?? FORM}
</Fichero_Intercambio_SICRES_3>`;
}

/** "Now" for the rules: after every sample date. */
export const NOW = new Date('2024-06-01T10:00:00Z');
