/**
 * The one error catalog. Every error pasarela throws on purpose is a `PasarelaError` built from
 * an entry here: a stable `code` (public: clients, tests and operators match on it), the HTTP
 * status intake answers with, and a `retryable` verdict. The pipeline decides retry vs give-up
 * from `retryable` only; nothing branches on message text.
 */
export interface ErrorDef {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly title: string;
}

function def(code: string, status: number, retryable: boolean, title: string): ErrorDef {
  return { code, status, retryable, title };
}

export const Errors = {
  // Intake / HTTP
  INTAKE_INVALID_JSON: def('INTAKE_INVALID_JSON', 400, false, 'The body is not valid JSON'),
  INTAKE_VALIDATION_FAILED: def('INTAKE_VALIDATION_FAILED', 400, false, 'The message does not match its schema'),
  INTAKE_BODY_TOO_LARGE: def('INTAKE_BODY_TOO_LARGE', 413, false, 'The body exceeds the size limit'),
  INTAKE_UNSUPPORTED_MEDIA_TYPE: def('INTAKE_UNSUPPORTED_MEDIA_TYPE', 415, false, 'No adapter accepts this content type'),
  INTAKE_NOT_FOUND: def('INTAKE_NOT_FOUND', 404, false, 'Not found'),
  INTAKE_NO_ROUTE: def('INTAKE_NO_ROUTE', 422, false, 'No route accepts this message'),
  INTAKE_UNAVAILABLE: def('INTAKE_UNAVAILABLE', 503, true, 'The message could not be made durable; try again'),
  INTAKE_BAD_IDEMPOTENCY_KEY: def('INTAKE_BAD_IDEMPOTENCY_KEY', 400, false, 'The Idempotency-Key header is not valid'),
  INTAKE_IDEMPOTENCY_KEY_REUSED: def('INTAKE_IDEMPOTENCY_KEY_REUSED', 422, false, 'This Idempotency-Key was used for a different request'),
  INTAKE_IDEMPOTENCY_IN_PROGRESS: def('INTAKE_IDEMPOTENCY_IN_PROGRESS', 409, true, 'A request with this Idempotency-Key is still in progress'),
  INTAKE_INVALID_ENCODING: def('INTAKE_INVALID_ENCODING', 400, false, 'The body is not in the character encoding it declares or that the format requires'),
  INTAKE_TOO_DEEP: def('INTAKE_TOO_DEEP', 400, false, 'The body is nested deeper than any valid message'),
  INTAKE_XML_FORBIDDEN: def('INTAKE_XML_FORBIDDEN', 400, false, 'The XML uses a feature that is not allowed (DOCTYPE, entity declarations)'),
  INTAKE_XML_MALFORMED: def('INTAKE_XML_MALFORMED', 400, false, 'The body is not well-formed XML of the expected document'),
  INTAKE_CSV_MALFORMED: def('INTAKE_CSV_MALFORMED', 400, false, 'The CSV file cannot be read'),
  INTAKE_UNKNOWN_FORMAT: def('INTAKE_UNKNOWN_FORMAT', 415, false, 'No adapter has the requested format'),
  INTAKE_BATCH_REFUSED: def('INTAKE_BATCH_REFUSED', 400, false, 'The batch was refused whole: some items are not valid'),
  INTAKE_BATCH_CONFLICT: def('INTAKE_BATCH_CONFLICT', 409, false, 'A concurrent request with the same Idempotency-Key changed items of this atomic batch; some were accepted (see items)'),
  INTAKE_BATCH_TOO_LARGE: def('INTAKE_BATCH_TOO_LARGE', 413, false, 'The batch holds more items than allowed'),
  INTAKE_NOT_A_BATCH: def('INTAKE_NOT_A_BATCH', 415, false, 'This format carries one message per request, not batches'),
  INTAKE_RATE_LIMITED: def('INTAKE_RATE_LIMITED', 429, true, 'Too many requests for this key; slow down'),
  // Authentication and tenancy
  AUTH_MISSING_KEY: def('AUTH_MISSING_KEY', 401, false, 'An API key is required'),
  AUTH_INVALID_KEY: def('AUTH_INVALID_KEY', 401, false, 'The API key is not valid'),
  AUTH_FORBIDDEN_OFFICE: def('AUTH_FORBIDDEN_OFFICE', 403, false, 'The key may not act for this office'),
  AUTH_FORBIDDEN_UNIT: def('AUTH_FORBIDDEN_UNIT', 403, false, 'The key may not act for this unit'),
  AUTH_FORBIDDEN_SCOPE: def('AUTH_FORBIDDEN_SCOPE', 403, false, 'The key lacks the scope this endpoint requires'),
  AUTH_UNKNOWN_CERTIFICATE: def('AUTH_UNKNOWN_CERTIFICATE', 401, false, 'The client certificate is not mapped to a tenant'),
  // Operators (the admin API, /admin/v1)
  ADMIN_MISSING_TOKEN: def('ADMIN_MISSING_TOKEN', 401, false, 'An operator token is required'),
  ADMIN_INVALID_TOKEN: def('ADMIN_INVALID_TOKEN', 401, false, 'The operator token is not valid'),
  ADMIN_FORBIDDEN_ROLE: def('ADMIN_FORBIDDEN_ROLE', 403, false, "The operator's role does not allow this action"),
  ADMIN_BAD_REQUEST: def('ADMIN_BAD_REQUEST', 400, false, 'The request to the admin API is not valid'),
  ADMIN_NOT_FOUND: def('ADMIN_NOT_FOUND', 404, false, 'No such message or replay'),
  ADMIN_NOT_REPLAYABLE: def('ADMIN_NOT_REPLAYABLE', 409, false, 'Only a parked message can be replayed or discarded'),
  ADMIN_INVALID_PAYLOAD: def('ADMIN_INVALID_PAYLOAD', 400, false, 'The corrected payload does not match the canonical schema'),
  ADMIN_JOB_NOT_RUNNING: def('ADMIN_JOB_NOT_RUNNING', 409, false, 'The replay job is not running'),
  // Configuration and routes
  CONFIG_INVALID: def('CONFIG_INVALID', 500, false, 'The configuration is not valid'),
  ROUTE_INVALID: def('ROUTE_INVALID', 500, false, 'A route file is not valid'),
  // Bus
  BUS_UNREACHABLE: def('BUS_UNREACHABLE', 503, true, 'The message broker is not reachable'),
  BUS_PUBLISH_NACKED: def('BUS_PUBLISH_NACKED', 503, true, 'The broker refused the message'),
  BUS_PUBLISH_UNROUTABLE: def('BUS_PUBLISH_UNROUTABLE', 500, false, 'No queue is bound for this routing key'),
  // Journal
  JOURNAL_UNAVAILABLE: def('JOURNAL_UNAVAILABLE', 503, true, 'The journal is not reachable'),
  JOURNAL_CONFLICT: def('JOURNAL_CONFLICT', 409, false, 'The journal already holds this record'),
  JOURNAL_NOT_FOUND: def('JOURNAL_NOT_FOUND', 404, false, 'The journal holds no such message'),
  // Pipeline
  PIPELINE_POISON_MESSAGE: def('PIPELINE_POISON_MESSAGE', 500, false, 'The delivery could not be decoded or validated'),
  TRANSFORM_FAILED: def('TRANSFORM_FAILED', 500, false, 'The message could not be transformed'),
  PIPELINE_ORPHAN_MESSAGE: def('PIPELINE_ORPHAN_MESSAGE', 500, false, 'A delivery arrived for a message the journal did not hold'),
  PIPELINE_UNEXPECTED_ERROR: def('PIPELINE_UNEXPECTED_ERROR', 500, false, 'Delivery failed in an unexpected way; kept for an operator'),
  PIPELINE_DELIVERY_LIMIT: def('PIPELINE_DELIVERY_LIMIT', 500, false, 'The broker gave up redelivering the message'),
  PIPELINE_ATTEMPTS_EXHAUSTED: def('PIPELINE_ATTEMPTS_EXHAUSTED', 500, false, 'Every attempt was used up without an outcome (the worker stopped mid-delivery)'),
  // Connectors: decided at the edge
  CONNECTOR_TIMEOUT: def('CONNECTOR_TIMEOUT', 504, true, 'The destination did not answer in time'),
  CONNECTOR_UNREACHABLE: def('CONNECTOR_UNREACHABLE', 502, true, 'The destination could not be reached'),
  CONNECTOR_SERVER_ERROR: def('CONNECTOR_SERVER_ERROR', 502, true, 'The destination failed to process the request'),
  CONNECTOR_BAD_RESPONSE: def('CONNECTOR_BAD_RESPONSE', 502, true, 'The destination answered something unreadable'),
  SIR_REJECTED: def('SIR_REJECTED', 422, false, 'SIR rejected the fichero'),
  SIR_TRANSIENT: def('SIR_TRANSIENT', 502, true, 'SIR answered with a transient error code'),
  SIR_CONTROL_INVALID: def('SIR_CONTROL_INVALID', 422, false, 'The SICRES 3 control message (De_Mensaje) is not valid'),
  SIR_FICHERO_UNREADABLE: def('SIR_FICHERO_UNREADABLE', 422, false, 'The document is not a readable SICRES 3 fichero (Fichero_Intercambio_SICRES_3)'),
  SIR_NO_ACK: def('SIR_NO_ACK', 504, false, 'SIR never acknowledged the fichero, although it was sent again'),
  SIR_INBOUND_MALFORMED: def('SIR_INBOUND_MALFORMED', 400, false, 'The SOAP request to a SIR endpoint could not be read'),
  CONNECTOR_CLIENT_FAULT: def('CONNECTOR_CLIENT_FAULT', 502, false, 'The destination refused the request as malformed'),
  // Carpeta Ciudadana (src/connectors/carpeta, src/carpeta)
  CARPETA_UNAVAILABLE: def('CARPETA_UNAVAILABLE', 502, true, 'Carpeta Ciudadana was unreachable, too slow or failing'),
  CARPETA_REFUSED: def('CARPETA_REFUSED', 502, false, 'Carpeta Ciudadana refused the change'),
  CARPETA_FOREIGN_EXPEDIENTE: def('CARPETA_FOREIGN_EXPEDIENTE', 409, false, 'The expediente belongs to another tenant'),
  CARPETA_UNAUTHORIZED: def('CARPETA_UNAUTHORIZED', 401, false, 'The Carpeta query carries no valid client token'),
  CARPETA_NO_CITIZEN: def('CARPETA_NO_CITIZEN', 400, false, 'The Carpeta query names no valid identity document (Carpeta-Ciudadano header)'),
  // Notific@ (src/connectors/notifica, src/notifica)
  NOTIFICA_REJECTED: def('NOTIFICA_REJECTED', 422, false, 'Notific@ refused the request'),
  NOTIFICA_TRANSIENT: def('NOTIFICA_TRANSIENT', 502, true, 'Notific@ answered with a transient error code'),
  NOTIFICA_AUTH_REFUSED: def('NOTIFICA_AUTH_REFUSED', 502, false, 'Notific@ refused our API key'),
  NOTIFICA_CALLBACK_MALFORMED: def('NOTIFICA_CALLBACK_MALFORMED', 400, false, 'The Notific@ callback could not be read'),
  NOTIFICA_NOT_NOTIFICATION: def('NOTIFICA_NOT_NOTIFICATION', 404, false, 'No notification with this id'),
  NOTIFICA_NOT_SUBMITTED: def('NOTIFICA_NOT_SUBMITTED', 409, true, 'The notification has not been taken by Notific@ yet'),
  NOTIFICA_NOT_CONFIGURED: def('NOTIFICA_NOT_CONFIGURED', 501, false, 'Notific@ is not configured here (connectors.notifica)'),
  NOTIFICA_ALREADY_FINAL: def('NOTIFICA_ALREADY_FINAL', 409, false, 'Every envío of the notification is already in a final state'),
  SIR_PROXY_NOT_ENABLED: def('SIR_PROXY_NOT_ENABLED', 403, false, 'The tenant has no CIR proxy (sirProxy) configured'),
  SIR_APP_REFUSED: def('SIR_APP_REFUSED', 422, false, "The tenant's registry application refused the relayed SIR call"),
  // WS-Security (src/wssec). Verification failures are never retryable: the same bytes fail again.
  WSSEC_TOO_LARGE: def('WSSEC_TOO_LARGE', 413, false, 'The signed message exceeds the size limit'),
  WSSEC_DOCTYPE: def('WSSEC_DOCTYPE', 400, false, 'A DOCTYPE is not allowed in a SOAP message'),
  WSSEC_MALFORMED: def('WSSEC_MALFORMED', 400, false, 'The message is not a well-formed SOAP envelope'),
  WSSEC_NO_SIGNATURE: def('WSSEC_NO_SIGNATURE', 401, false, 'The message carries no WS-Security signature where one is required'),
  WSSEC_SIGNATURE_PLACEMENT: def('WSSEC_SIGNATURE_PLACEMENT', 401, false, 'The signature is not exactly one ds:Signature in wsse:Security'),
  WSSEC_ALGORITHM_NOT_ALLOWED: def('WSSEC_ALGORITHM_NOT_ALLOWED', 401, false, 'The signature uses an algorithm that is not allowed'),
  WSSEC_UNTRUSTED_CERTIFICATE: def('WSSEC_UNTRUSTED_CERTIFICATE', 401, false, 'The signing certificate is not trusted'),
  WSSEC_CERTIFICATE_EXPIRED: def('WSSEC_CERTIFICATE_EXPIRED', 401, false, 'The signing certificate is outside its validity period'),
  WSSEC_REFERENCES_MISMATCH: def('WSSEC_REFERENCES_MISMATCH', 401, false, 'The signature does not cover exactly the required parts'),
  WSSEC_DIGEST_MISMATCH: def('WSSEC_DIGEST_MISMATCH', 401, false, 'A signed part was changed after signing'),
  WSSEC_BAD_SIGNATURE: def('WSSEC_BAD_SIGNATURE', 401, false, 'The signature value does not verify'),
  WSSEC_TIMESTAMP_MISSING: def('WSSEC_TIMESTAMP_MISSING', 401, false, 'The message has no valid wsu:Timestamp'),
  WSSEC_TIMESTAMP_EXPIRED: def('WSSEC_TIMESTAMP_EXPIRED', 401, false, 'The message timestamp has expired'),
  WSSEC_TIMESTAMP_FUTURE: def('WSSEC_TIMESTAMP_FUTURE', 401, false, 'The message timestamp lies in the future'),
  WSSEC_REPLAY: def('WSSEC_REPLAY', 401, false, 'This signed message was already received'),
  WSSEC_KEY_INVALID: def('WSSEC_KEY_INVALID', 500, false, 'The signing key or certificate cannot be used'),
  WSSEC_COMMENT_IN_SIGNED_CONTENT: def('WSSEC_COMMENT_IN_SIGNED_CONTENT', 401, false, 'A comment sits inside signed content'),
  // Tenant webhooks (src/connectors/webhook): 408, 429, 5xx and transport failures retry; other answers park.
  WEBHOOK_UNAVAILABLE: def('WEBHOOK_UNAVAILABLE', 502, true, "The tenant's webhook was unreachable, too slow or failing"),
  WEBHOOK_REFUSED: def('WEBHOOK_REFUSED', 502, false, "The tenant's webhook refused the event"),
  WEBHOOK_NOT_CONFIGURED: def('WEBHOOK_NOT_CONFIGURED', 500, false, 'The tenant of this event has no webhook configured'),
  SIM_BAD_REQUEST: def('SIM_BAD_REQUEST', 400, false, 'The request to a simulator control endpoint is not valid'),
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof Errors;

/** One problem found in an input: where (a JSON pointer) and what (a stable code and a sentence). */
export interface FieldProblem {
  pointer: string;
  code: string;
  message: string;
}

export interface PasarelaErrorOptions {
  cause?: unknown;
  /** Per-field problems, for validation errors. */
  problems?: FieldProblem[];
  /** Extra, non-sensitive facts (route, connector, SIR code…). Never citizen data. */
  details?: Record<string, unknown>;
}

export class PasarelaError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly title: string;
  readonly problems: FieldProblem[];
  readonly details: Record<string, unknown>;

  constructor(d: ErrorDef, message?: string, options: PasarelaErrorOptions = {}) {
    super(message ?? d.title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PasarelaError';
    this.code = d.code;
    this.status = d.status;
    this.retryable = d.retryable;
    this.title = d.title;
    this.problems = options.problems ?? [];
    this.details = options.details ?? {};
  }
}

export function isPasarelaError(e: unknown): e is PasarelaError {
  return e instanceof PasarelaError;
}

/** Wrap anything thrown into a catalog error, keeping the original as `cause`. */
export function asPasarelaError(e: unknown, fallback: ErrorDef, message?: string): PasarelaError {
  if (isPasarelaError(e)) return e;
  const text = message ?? (e instanceof Error ? e.message : String(e));
  return new PasarelaError(fallback, text, { cause: e });
}
