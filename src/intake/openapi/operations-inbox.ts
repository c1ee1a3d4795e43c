import { Errors } from '../../core/errors';
import { JSON_BODY_ERRORS, TENANT_ERRORS } from './problems';
import { ref, type JsonObject, type OperationTable } from './types';

/** GET /v1/messages/{id} (server.ts, message-view.ts) and the inbox (inbox.ts, inbox-accept.ts, inbox-hop.ts). */

const json = (description: string, schema: string, headers?: JsonObject): JsonObject => ({
  description, ...(headers && { headers }), content: { 'application/json': { schema: ref('schemas', schema) } },
});
const body = (schema: string): JsonObject => ({ required: true, content: { 'application/json': { schema: ref('schemas', schema) } } });

const MESSAGE_ID = 'The message id, as `POST /v1/registry-entries` answered it (or `sentAs`).';
const ENTRY_ID = 'The message id of the inbox entry (`GET /v1/inbox`).';
const NOT_FOUND = [Errors.INTAKE_NOT_FOUND];
const ACTION_ERRORS = [...TENANT_ERRORS, ...JSON_BODY_ERRORS, Errors.INTAKE_NOT_FOUND, Errors.JOURNAL_CONFLICT];
const HOP_ERRORS = [...ACTION_ERRORS, Errors.INTAKE_NO_ROUTE];
const hopAnswer = json('The fichero is queued to SIR; `Location` is its message.', 'InboxHopAnswer', { Location: ref('headers', 'Location') });

export const inboxOperations: OperationTable = {
  'GET /v1/messages/:id': {
    operationId: 'getMessage',
    tag: 'messages',
    summary: 'One message: status, SIR exchange and history',
    description: 'Only to the owning tenant: another tenant\'s message is answered 404, exactly like a missing one.',
    pathParameters: { id: MESSAGE_ID },
    responses: { 200: json('The message.', 'MessageView') },
    errors: [...TENANT_ERRORS, ...NOT_FOUND],
  },
  'GET /v1/inbox': {
    operationId: 'listInbox',
    tag: 'inbox',
    summary: 'The entries SIR brought to the tenant\'s offices',
    description: 'Newest first, at most 100.',
    responses: { 200: json('The inbox.', 'InboxList') },
    errors: TENANT_ERRORS,
  },
  'GET /v1/inbox/:id': {
    operationId: 'getInboxEntry',
    tag: 'inbox',
    summary: 'One inbox entry with its canonical registry entry and annexes',
    description: 'Another tenant\'s entry is answered 404, like a missing one.',
    pathParameters: { id: ENTRY_ID },
    responses: { 200: json('The entry.', 'InboxEntry') },
    errors: [...TENANT_ERRORS, ...NOT_FOUND],
  },
  'POST /v1/inbox/:id/accept': {
    operationId: 'acceptInboxEntry',
    tag: 'inbox',
    summary: 'Accept (register) an inbox entry',
    description: 'The entry becomes `accepted` and a CONFIRMACIÓN with the local registry number and date goes to the starting office through WS_SIR7. `409` if the entry is not `received`.',
    pathParameters: { id: ENTRY_ID },
    requestBody: body('InboxAcceptRequest'),
    responses: { 200: json('Accepted; the CONFIRMACIÓN is queued.', 'InboxAccepted') },
    errors: ACTION_ERRORS,
  },
  'POST /v1/inbox/:id/reject': {
    operationId: 'rejectInboxEntry',
    tag: 'inbox',
    summary: 'Reject an inbox entry back to its starting office (RECHAZO)',
    description: 'The received fichero goes back as a RECHAZO (Tipo_Anotacion 04) to Codigo_Entidad_Registral_Inicio, annexes and signatures untouched. `409` if the entry is not `received`.',
    pathParameters: { id: ENTRY_ID },
    requestBody: body('InboxRejectRequest'),
    responses: { 202: hopAnswer },
    errors: HOP_ERRORS,
  },
  'POST /v1/inbox/:id/forward': {
    operationId: 'forwardInboxEntry',
    tag: 'inbox',
    summary: 'Forward an inbox entry to another office (REENVÍO)',
    description: 'A REENVÍO (Tipo_Anotacion 03) to that office, with the same Identificador_Intercambio and starting office. `409` if the entry is not `received`.',
    pathParameters: { id: ENTRY_ID },
    requestBody: body('InboxForwardRequest'),
    responses: { 202: hopAnswer },
    errors: HOP_ERRORS,
  },
};
