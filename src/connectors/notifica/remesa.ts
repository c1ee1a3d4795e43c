/**
 * What the `notification-to-notifica` transform produces and the Notific@ connector sends: one
 * `altaRemesaEnvios` (reference/notifica-carpeta.md §2.1) in readable form, element names as the
 * service's own. The connector stamps each envío's `referenciaEmisor` at delivery time, from the
 * delivery key (stable across retries and replays), so a lost answer can be looked up instead of
 * submitting twice; the transform never sets it.
 */
export interface NotificaRemesa {
  /** DIR3 of the issuing body (codigoOrganismoEmisor), 9 characters. */
  organismoEmisor: string;
  /** 1 = comunicación, 2 = notificación. */
  tipoEnvio: 1 | 2;
  concepto: string;
  descripcion?: string;
  /** Scheduled send date, YYYY-MM-DD (fechaEnvioProgramado). */
  fechaEnvioProgramado?: string;
  /** SIA code of the procedure. */
  procedimiento?: string;
  documento: NotificaDocumento;
  /** One per recipient (titular), in the canonical message's order: 1..100. */
  envios: NotificaEnvio[];
  /** opcionesRemesa `caducidad`, YYYY-MM-DD. */
  caducidad?: string;
  /** opcionesRemesa `retardo`: postal delay in days. */
  retardo?: number;
}

export interface NotificaDocumento {
  /** The document bytes, base64. */
  contenido: string;
  /** Base64 of the raw SHA-256 digest of the bytes (as notib sends it). */
  hash: string;
  /** opcionesDocumento `normalizado` (si/no). */
  normalizado?: boolean;
  /** opcionesDocumento `generarCsv` (si/no); notib always sends no. */
  generarCsv: boolean;
  metadatos?: string;
}

export interface NotificaEnvio {
  titular: NotificaPersona;
  /** The addressee(s) or representative(s) notified besides or on behalf of the titular. */
  destinatarios?: NotificaPersona[];
  entregaPostal?: NotificaEntregaPostal;
  entregaDEH?: { obligado: boolean; codigoProcedimiento?: string };
}

export interface NotificaPersona {
  nif?: string;
  nombre?: string;
  apellidos?: string;
  razonSocial?: string;
  email?: string;
  telefono?: string;
  /** DIR3 when the party is an administration. */
  codigoDestino?: string;
}

export interface NotificaEntregaPostal {
  /** 1 nacional normalizado, 2 extranjero normalizado, 3 apartado de correos, 4 sin normalizar. */
  tipoDomicilio: 1 | 2 | 3 | 4;
  tipoVia?: string;
  nombreVia?: string;
  numeroCasa?: string;
  portal?: string;
  puerta?: string;
  escalera?: string;
  planta?: string;
  bloque?: string;
  complemento?: string;
  codigoPostal: string;
  apartadoCorreos?: string;
  /** 6-digit INE municipality code. */
  municipio?: string;
  /** 2-digit INE province code. */
  provincia?: string;
  /** ISO 3166-1 alpha-2. */
  pais?: string;
  poblacion?: string;
  linea1?: string;
  linea2?: string;
}

/** Namespaces of the services (reference §1.2). */
export const NOTIFICA_NS = {
  v2: 'https://administracionelectronica.gob.es/notifica/ws/notificaws_v2/1.0/',
  alta: 'https://administracionelectronica.gob.es/notifica/ws/notificaws_v2/1.0/altaRemesaEnvios',
  infoLigero: 'http://administracionelectronica.gob.es/notifica/ws/sincronizarenvio/1.0/infoEnvioLigero',
  sincronizarOE: 'http://administracionelectronica.gob.es/notifica/ws/sincronizarenvio/1.0/sincronizarEnvioOE',
  ampliarPlazo: 'http://administracionelectronica.gob.es/notifica/ws/sincronizarenvio/1.0/ampliarPlazoOE',
  adviser: 'http://administracionelectronica.gob.es/notifica/ws/adviserwsv2/1.0/sincronizarEnvio',
} as const;

/** SOAPAction of altaRemesaEnvios (full URI); the SincronizarEnvio and Adviser actions are bare names. */
export const ALTA_REMESA_ACTION = 'https://administracionelectronica.gob.es/notifica/ws/notificaws_v2/1.0/altaRemesaEnvios';
