import { Errors } from '../../core/errors';
import { JSON_BODY_ERRORS, TENANT_ERRORS } from './problems';
import { ref, type JsonObject, type OperationTable } from './types';

/** POST /v1/notifications and the actions on one (notification-routes.ts, accept-notification.ts). */

const json = (description: string, schema: string, extra: JsonObject = {}): JsonObject => ({
  description, ...extra, content: { 'application/json': { schema: ref('schemas', schema) } },
});
const body = (schema: string): JsonObject => ({ required: true, content: { 'application/json': { schema: ref('schemas', schema) } } });

const NOTIFICATION_ID = 'The message id, as `POST /v1/notifications` answered it.';
const ACTION_ERRORS = [
  ...TENANT_ERRORS, ...JSON_BODY_ERRORS, Errors.NOTIFICA_NOT_NOTIFICATION, Errors.NOTIFICA_NOT_SUBMITTED, Errors.NOTIFICA_ALREADY_FINAL,
  Errors.NOTIFICA_REJECTED, Errors.NOTIFICA_AUTH_REFUSED, Errors.CONNECTOR_TIMEOUT, Errors.CONNECTOR_UNREACHABLE, Errors.CONNECTOR_SERVER_ERROR,
  Errors.NOTIFICA_NOT_CONFIGURED,
];

/** What a POST of one canonical payload as JSON answers (src/intake/accept-canonical.ts). */
const CANONICAL_POST_ERRORS = [
  ...TENANT_ERRORS, Errors.INTAKE_INVALID_JSON, Errors.INTAKE_TOO_DEEP, Errors.INTAKE_INVALID_ENCODING, Errors.INTAKE_VALIDATION_FAILED,
  Errors.INTAKE_BAD_IDEMPOTENCY_KEY, Errors.INTAKE_BODY_TOO_LARGE, Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE, Errors.AUTH_FORBIDDEN_UNIT,
  Errors.INTAKE_IDEMPOTENCY_IN_PROGRESS, Errors.INTAKE_IDEMPOTENCY_KEY_REUSED, Errors.INTAKE_NO_ROUTE,
];
const ACCEPTED = json('Accepted: journaled and queued.', 'Accepted', { headers: { Location: ref('headers', 'Location'), 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed') } });

export const notificationOperations: OperationTable = {
  'POST /v1/notifications': {
    operationId: 'postNotification',
    tag: 'notifications',
    summary: 'Post a notification to citizens (Notific@)',
    description: [
      'The body is the canonical `notification` payload (schemas/canonical/notification.v1.json) as `application/json`. It is validated (JSON Schema, then rules: identity documents, the document\'s SHA-256, dates), the issuing body must be one of the tenant\'s units, the remesa is built once as a dry run; then it is journaled and published with a broker confirm, and only then answered 202.',
      'The route worker submits it to Notific@ (`altaRemesaEnvios`, one envío per recipient). Its state is followed through Notific@\'s callbacks and polling: `GET /v1/messages/{id}` shows each envío in its `notification` block, and the tenant\'s webhook gets `notification.state-changed`. Send an `Idempotency-Key` to make retries safe.',
    ].join('\n\n'),
    parameters: [ref('parameters', 'IdempotencyKey')],
    requestBody: body('Notification'),
    responses: { 202: ACCEPTED },
    errors: CANONICAL_POST_ERRORS,
  },
  'POST /v1/notifications/:id/cancel': {
    operationId: 'cancelNotification',
    tag: 'notifications',
    summary: 'Withdraw a notification (sincronizarEnvioOE, estado anulada)',
    description: 'Every envío not yet in a final state is cancelled in Notific@; each one Notific@ confirms is recorded `anulada` at once. The reason goes to Notific@ (motivo) and is not kept in the history. `409 NOTIFICA_NOT_SUBMITTED` before Notific@ took the notification (try again), `409 NOTIFICA_ALREADY_FINAL` when nothing is left open; `422 NOTIFICA_REJECTED` when Notific@ took it for no envío.',
    pathParameters: { id: NOTIFICATION_ID },
    requestBody: body('NotificationCancelRequest'),
    responses: { 200: json('What Notific@ did for each open envío.', 'NotificationActionAnswer') },
    errors: ACTION_ERRORS,
  },
  'POST /v1/notifications/:id/extend': {
    operationId: 'extendNotification',
    tag: 'notifications',
    summary: 'Extend the expiry of a notification (ampliarPlazoOE)',
    description: 'The expiry of every open envío is extended by `days`; the new date Notific@ confirms is recorded per envío (`expiresOn`). Same refusals as cancel.',
    pathParameters: { id: NOTIFICATION_ID },
    requestBody: body('NotificationExtendRequest'),
    responses: { 200: json('What Notific@ did for each open envío.', 'NotificationActionAnswer') },
    errors: ACTION_ERRORS,
  },
  'POST /v1/expedientes/:id/status': {
    operationId: 'postExpedienteStatus',
    tag: 'expedientes',
    summary: 'Report a change of an expediente (for Carpeta Ciudadana)',
    description: [
      'The body is the canonical `expediente-status` payload (schemas/canonical/expediente-status.v1.json) as `application/json`; `{id}` is its ENI identifier (`ES_<DIR3>_<year>_EXP_<id>`), which must equal the body\'s `expediente`. Its managing unit and the body in its identifier must be the tenant\'s. Validated (schema, rules: identity documents, dates), journaled and published with a broker confirm; only then answered 202.',
      'The route worker projects it: the newest `sequence` is the expediente\'s state, older or repeated ones are kept as history (a hop says which). Carpeta Ciudadana reads the projection (`GET /carpeta/v1/expedientes`) and, when configured, gets each change pushed (docs/carpeta.md). Send an `Idempotency-Key` to make retries safe.',
    ].join('\n\n'),
    pathParameters: { id: 'The ENI identifier of the expediente.' },
    parameters: [ref('parameters', 'IdempotencyKey')],
    requestBody: body('ExpedienteStatus'),
    responses: { 202: ACCEPTED },
    errors: CANONICAL_POST_ERRORS,
  },
  'GET /v1/notifications/:id/envios/:identificador/certificate': {
    operationId: 'getNotificationCertificate',
    tag: 'notifications',
    summary: 'The certificate (acuse) of one envío, as Notific@ gave it',
    description: 'The PDF kept in the journal\'s blob store; `X-Content-SHA256` is its hash (also in the message view). 404 before Notific@ certified the envío, and for another tenant\'s envío.',
    pathParameters: { id: NOTIFICATION_ID, identificador: "Notific@'s identificador of the envío (the message view lists them)." },
    responses: { 200: { description: 'The certificate.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } } },
    errors: [...TENANT_ERRORS, Errors.INTAKE_NOT_FOUND],
  },
};
