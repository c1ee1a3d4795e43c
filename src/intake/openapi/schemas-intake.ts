import { MESSAGE_STATUSES } from '../../journal/journal';
import { ref, type JsonObject } from './types';

/**
 * Components for what intake answers about registry entries and messages: the shapes built by
 * registry-routes.ts, accept-batch.ts, message-view.ts and problem.ts. Response schemas leave
 * `additionalProperties` open: answers may gain fields, clients should ignore unknown ones.
 */

const dateTime = (description: string): JsonObject => ({ type: 'string', format: 'date-time', description });
const nullable = (type: string, description: string): JsonObject => ({ type: [type, 'null'], description });
const status: JsonObject = { enum: [...MESSAGE_STATUSES], description: 'The message status (README, "Statuses").' };

const FieldError: JsonObject = {
  type: 'object',
  description: 'One problem found in the input.',
  required: ['pointer', 'code', 'detail'],
  properties: {
    pointer: { type: 'string', description: 'JSON pointer to the field (canonical field path; for CSV also the column name), or "" for the whole item.' },
    code: { type: 'string', description: 'Stable code of the problem, e.g. SCHEMA_FORMAT_NIF, SCHEMA_ADDITIONAL_PROPERTIES.' },
    detail: { type: 'string', description: 'A sentence saying what is wrong; it never echoes the value.' },
  },
};

const BatchItem: JsonObject = {
  type: 'object',
  description: 'The answer for one item of a batch: where it sits (`line` for CSV, `index` for JSON arrays), then `id` and `status` when accepted, or `code` and `errors` when refused.',
  properties: {
    line: { type: 'integer', minimum: 1, description: 'CSV: the physical line where the row starts (the header is line 1).' },
    index: { type: 'integer', minimum: 0, description: 'JSON arrays: the 0-based position of the item.' },
    id: { type: 'string', description: 'The message id of the accepted item (`GET /v1/messages/{id}`).' },
    status,
    replayed: { type: 'boolean', description: 'True when the item repeats one queued by an earlier request with the same Idempotency-Key.' },
    code: { type: 'string', description: 'Why the item was refused: a code from the catalog.' },
    errors: { type: 'array', items: ref('schemas', 'FieldError') },
  },
};

const Problem: JsonObject = {
  type: 'object',
  description: 'RFC 9457 problem details (`application/problem+json`) with pasarela\'s stable `code`; validation problems list one entry per problem in `errors`, batch refusals every item in `items`.',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', description: '`urn:pasarela:problem:<code in kebab case>`.' },
    title: { type: 'string', description: 'The catalog\'s title of the code.' },
    status: { type: 'integer', description: 'The HTTP status.' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'Stable error code from the catalog (src/core/errors.ts); match on this.' },
    detail: { type: 'string', description: 'What happened in this case.' },
    instance: { type: 'string', description: 'The request path.' },
    errors: { type: 'array', items: ref('schemas', 'FieldError') },
    items: { type: 'array', items: ref('schemas', 'BatchItem'), description: 'Batches: the answer for each item concerned.' },
  },
};

const Accepted: JsonObject = {
  type: 'object',
  description: 'The entry is journaled and the broker confirmed it: `queued`, or, when an Idempotency-Key repeats an earlier request, that message\'s current status.',
  required: ['id', 'status'],
  properties: { id: { type: 'string', description: 'The message id.' }, status },
};

const BatchAnswer: JsonObject = {
  type: 'object',
  description: 'The answer to a batch: how many items were accepted and refused, and each item\'s answer in order.',
  required: ['accepted', 'refused', 'items'],
  properties: {
    accepted: { type: 'integer', minimum: 0 },
    refused: { type: 'integer', minimum: 0 },
    items: { type: 'array', items: ref('schemas', 'BatchItem') },
  },
};

const HistoryHop: JsonObject = {
  type: 'object',
  description: 'One hop of the message\'s history, oldest first.',
  required: ['at', 'event', 'status', 'attempt', 'outcome', 'code', 'detail'],
  properties: {
    at: dateTime('When it happened.'),
    event: { type: 'string', description: 'A stable word: received, queued, delivering, delivered, retrying, parked, sir-ack, sir-confirmed…' },
    status,
    attempt: { type: 'integer', minimum: 0 },
    outcome: { enum: ['ok', 'error', 'info'] },
    code: nullable('string', 'An error code from the catalog, or the destination\'s own code.'),
    detail: nullable('string', 'Short, redacted text.'),
  },
};

const SentExchange: JsonObject = {
  type: ['object', 'null'],
  description: 'The SIR life cycle of the exchange sent for this message; null when none was sent.',
  properties: {
    state: { type: 'string', description: 'sent, acknowledged, confirmed, error, returned, rejected or unacknowledged.' },
    registryNumber: nullable('string', 'The destination\'s registry number, from its CONFIRMACIÓN.'),
    registryDate: nullable('string', 'The destination\'s registry date, from its CONFIRMACIÓN.'),
    errorCode: nullable('string', 'Codigo_Error of the last ERROR.'),
    resends: { type: 'integer', minimum: 0, description: 'Times the same fichero was sent again for want of an ACK.' },
    updatedAt: dateTime('Last change.'),
  },
};

const MessageView: JsonObject = {
  type: 'object',
  description: 'What the owning tenant sees of one of its messages: status and history, never the payload.',
  required: ['id', 'type', 'tenant', 'route', 'status', 'registryNumber', 'exchangeId', 'attempts', 'replayOf', 'exchange', 'createdAt', 'updatedAt', 'history'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string', description: 'The message type: registry-entry, sir-fichero, sir-control…' },
    tenant: { type: 'string', description: 'DIR3 code of the tenant.' },
    route: { type: 'string', description: 'The route that delivers it.' },
    status,
    registryNumber: nullable('string', 'The origin registry number of the entry.'),
    exchangeId: nullable('string', 'Identificador_Intercambio assigned by pasarela.'),
    attempts: { type: 'integer', minimum: 0, description: 'Delivery attempts so far.' },
    replayOf: nullable('string', "The message this one replays: an operator sent a parked message again as this new one (the original's status is `replayed`, its last hop names this id)."),
    exchange: ref('schemas', 'SentExchange'),
    createdAt: dateTime('When it was journaled.'),
    updatedAt: dateTime('Last change.'),
    history: { type: 'array', items: ref('schemas', 'HistoryHop') },
    notification: ref('schemas', 'NotificationState'),
  },
};

export const intakeSchemas: Record<string, JsonObject> = {
  FieldError, BatchItem, Problem, Accepted, BatchAnswer, HistoryHop, SentExchange, MessageView,
};
