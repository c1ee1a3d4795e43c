import { isYmd } from './dates';
import { INTEGER, oneOf, type Facet, type Spec } from './xsd-check';

/**
 * The element specs of altaRemesaEnvios (reference §2.1, altaRemesaEnvios.xsd): every complex
 * type there is `xs:all`, so order is free. Where the schema says `xs:length` on a free-text
 * postal field, the simulator checks it as a maximum: notib sends shorter values and the real
 * service takes them (reference §2.1 "Schema quirk").
 */

const date: Facet = { check: (t) => (isYmd(t) ? undefined : 'no es una fecha YYYY-MM-DD') };
const dir3: Facet = { length: 9, collapse: true };
const max = (n: number): Facet => ({ maxLength: n });
const required = (f: Facet): Facet => ({ ...f, required: true });
const complex: Facet = { complex: true };

export const REMESA: Spec = {
  codigoOrganismoEmisor: required(dir3),
  tipoEnvio: { required: true, collapse: true, check: oneOf('1', '2') },
  concepto: { required: true, maxLength: 255, check: (t) => (t.length === 0 ? 'no puede estar vacío' : undefined) },
  descripcion: max(1000),
  fechaEnvioProgramado: { ...date, collapse: true },
  procedimiento: {},
  documento: required(complex),
  envios: required(complex),
  opcionesRemesa: complex,
};

export const DOCUMENTO: Spec = {
  contenido: {},
  hash: { required: true, collapse: true, check: (t) => (t.length === 0 ? 'no puede estar vacío' : undefined) },
  enlaceDocumento: {},
  metadatos: {},
  opcionesDocumento: complex,
};

export const ENVIO: Spec = {
  referenciaEmisor: max(20),
  titular: required(complex),
  destinatarios: complex,
  entregaPostal: complex,
  entregaDEH: complex,
};

export const PERSONA: Spec = {
  nif: { maxLength: 9, collapse: true },
  nombre: {},
  apellidos: {},
  razonSocial: {},
  email: {},
  telefono: {},
  codigoDestino: dir3,
};

export const ENTREGA_DEH: Spec = {
  obligado: { required: true, collapse: true, check: oneOf('true', 'false', '1', '0') },
  codigoProcedimiento: {},
};

export const ENTREGA_POSTAL: Spec = {
  organismoPagadorPostal: complex,
  organismoPagadorCIE: complex,
  tipoDomicilio: { required: true, collapse: true, check: oneOf('1', '2', '3', '4') },
  tipoVia: max(5),
  nombreVia: max(50),
  numeroCasa: max(5),
  puntoKilometrico: max(5),
  portal: max(3),
  puerta: max(3),
  escalera: max(3),
  planta: max(3),
  bloque: max(3),
  complemento: max(40),
  calificadorNumero: max(3),
  codigoPostal: required(max(10)),
  apartadoCorreos: max(10),
  municipio: { pattern: /^[0-9]{6}$/ },
  provincia: { pattern: /^[0-9]{2}$/ },
  pais: max(2),
  poblacion: max(30),
  linea1: max(50),
  linea2: max(50),
  opcionesCIE: complex,
};

export const PAGADOR_POSTAL: Spec = {
  codigoDIR3Postal: required(dir3),
  numContratoPostal: { required: true },
  codClienteFacturacionPostal: { required: true },
  fechaVigenciaPostal: required({ ...date, collapse: true }),
};

export const PAGADOR_CIE: Spec = {
  codigoDIR3CIE: required(dir3),
  fechaVigenciaCIE: required({ ...date, collapse: true }),
};

/** Checks of the documented `opcionesRemesa` values (others pass: the list of options is open). */
export const REMESA_OPTIONS: Readonly<Record<string, (value: string) => string | undefined>> = {
  caducidad: (v) => (isYmd(v.trim()) ? undefined : 'no es una fecha YYYY-MM-DD'),
  retardo: (v) => (INTEGER.test(v.trim()) ? undefined : 'no es un número entero'),
};
