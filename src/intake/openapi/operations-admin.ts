import { ADMIN_ROLES } from '../../admin/roles';
import { Errors, type ErrorDef } from '../../core/errors';
import { AUDIT_ACTIONS, OPERATOR_ROLES, type OperatorRole } from '../../journal/operations';
import { openApiPath } from './paths';
import { problemResponses } from './problems';
import { FILTER_PROPERTIES } from './schemas-admin';
import { ref, type JsonObject, type OperationSpec } from './types';

/**
 * The operators' API under /admin/v1 (src/admin/): one operation per ADMIN_ROLES entry, with its
 * role (as `x-required-role`, in the description and in `security`) and the operator-token
 * scheme, never the tenant's. Here: the builder and the messages (routes-read.ts,
 * routes-actions.ts); the bulk replays are in operations-admin-replays.ts.
 */

export const ADMIN_TAG = 'admin';
/** The security scheme name of operator tokens in components.securitySchemes. */
export const OPERATOR_TOKEN = 'operatorToken';

/** An admin endpoint as described here; the builder adds its tag, role, security, `id` parameter and authentication errors. */
export type AdminOperationSpec = Omit<OperationSpec, 'tag'>;
export type AdminOperationTable = Readonly<Record<string, AdminOperationSpec>>;

/**
 * What register.ts's hooks answer before the handler runs, or errorHandler after it fails: no
 * or a bad token (401) and, where some role is too low, 403; the journal or anything else
 * failing, 503.
 */
function authErrors(role: OperatorRole): ErrorDef[] {
  const forbidden = role === OPERATOR_ROLES[0] ? [] : [Errors.ADMIN_FORBIDDEN_ROLE];
  return [Errors.ADMIN_MISSING_TOKEN, Errors.ADMIN_INVALID_TOKEN, ...forbidden, Errors.JOURNAL_UNAVAILABLE, Errors.INTAKE_UNAVAILABLE];
}

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** register.ts answers an `id` that is not a lower-case UUID with 404 before the handler runs; no admin route takes another. */
function idParameter(key: string, route: string, spec: AdminOperationSpec): JsonObject[] {
  const names = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]);
  if (names.some((n) => n !== 'id')) throw new Error(`${key}: an admin route takes no path parameter but :id`);
  return names.map((name) => ({
    name, in: 'path', required: true, schema: { type: 'string', format: 'uuid', pattern: UUID },
    description: `${spec.pathParameters?.[name] ?? 'The id.'} A UUID in lower case: anything else names nothing (\`404 ADMIN_NOT_FOUND\`).`,
  }));
}

/** Each role may do what the roles before it may (auth.ts). */
function roleText(role: OperatorRole): string {
  const above = OPERATOR_ROLES.slice(OPERATOR_ROLES.indexOf(role) + 1).map((r) => `\`${r}\``);
  return `Required role: \`${role}\`${above.length ? ` (${above.join(' and ')} too)` : ''}.`;
}

function adminOperation(key: string, route: string, spec: AdminOperationSpec, role: OperatorRole): JsonObject {
  const parameters = [...idParameter(key, route, spec), ...(spec.parameters ?? [])];
  return {
    operationId: spec.operationId,
    tags: [ADMIN_TAG],
    summary: spec.summary,
    description: `${spec.description}\n\n${roleText(role)}`,
    ...(parameters.length && { parameters }),
    ...(spec.requestBody && { requestBody: spec.requestBody }),
    responses: { ...spec.responses, ...problemResponses([...authErrors(role), ...spec.errors]) },
    security: [{ [OPERATOR_TOKEN]: [role] }],
    'x-required-role': role,
  };
}

/**
 * The admin `paths`. Every ADMIN_ROLES entry must have an operation in `table` and every
 * operation a role: an endpoint added without its description (or the reverse) fails here, at
 * start-up and in the tests.
 */
export function buildAdminPaths(table: AdminOperationTable): Record<string, JsonObject> {
  const undocumented = Object.keys(ADMIN_ROLES).filter((k) => !table[k]);
  const roleless = Object.keys(table).filter((k) => !ADMIN_ROLES[k]);
  if (undocumented.length || roleless.length) {
    throw new Error(`OpenAPI admin operations and ADMIN_ROLES disagree: undocumented ${undocumented.join(', ') || '-'}; without a role ${roleless.join(', ') || '-'}`);
  }
  const paths: Record<string, JsonObject> = {};
  for (const [key, role] of Object.entries(ADMIN_ROLES)) {
    const [method, route] = key.split(' ');
    const path = openApiPath(route);
    paths[path] = { ...paths[path], [method.toLowerCase()]: adminOperation(key, route, table[key], role) };
  }
  return Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every catalog entry the admin operations answer with (components.examples holds one each). */
export function adminErrors(table: AdminOperationTable): ErrorDef[] {
  return Object.entries(table).flatMap(([key, spec]) => [...authErrors(ADMIN_ROLES[key] ?? 'admin'), ...spec.errors]);
}

/** A JSON body (fastify reads it; routes-actions.ts `bodyOf` refuses a field it does not know, every problem in `errors`). */
export const BODY_ERRORS: readonly ErrorDef[] = [Errors.ADMIN_BAD_REQUEST, Errors.INTAKE_INVALID_JSON, Errors.INTAKE_BODY_TOO_LARGE, Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE];
export const NOT_FOUND: readonly ErrorDef[] = [Errors.ADMIN_NOT_FOUND];
/** filter.ts `strictQuery`: a bad value, or a parameter the endpoint does not know. */
export const QUERY_ERRORS: readonly ErrorDef[] = [Errors.ADMIN_BAD_REQUEST];

export const json = (description: string, schema: string, headers?: JsonObject): JsonObject => ({
  description, ...(headers && { headers }), content: { 'application/json': { schema: ref('schemas', schema) } },
});
export const body = (schema: string, required: boolean): JsonObject => ({ required, content: { 'application/json': { schema: ref('schemas', schema) } } });
export const query = (name: string, schema: JsonObject, description?: string): JsonObject => ({ name, in: 'query', required: false, schema, ...(description && { description }) });
export const location = (description: string): JsonObject => ({ Location: { description, schema: { type: 'string' } } });
/** filter.ts `parseCount`: an integer from 1 to `max`. */
export const upTo = (max: number, fallback?: number): JsonObject => ({ type: 'integer', minimum: 1, maximum: max, ...(fallback !== undefined && { default: fallback }) });

const PAGE_MAX = 500;
const PAGE_DEFAULT = 50;
const paging = [
  query('limit', upTo(PAGE_MAX, PAGE_DEFAULT), `Items per page, 1 to ${PAGE_MAX}.`),
  query('cursor', { type: 'string', minLength: 1, maxLength: 200 }, 'The previous page\'s `nextCursor`, as it came (opaque).'),
];
const MESSAGE_ID = 'The message id.';
const REPLAY_ONCE = 'Only a `parked` message can be replayed, and leaving `parked` is a guarded update: of concurrent replays of one message (single calls, bulk jobs or both) exactly one happens; the others, and any later one, are refused with `409 ADMIN_NOT_REPLAYABLE`, whose detail names the replay already made (replay that one if it failed in turn).';
const LIVE_ROUTE = 'A message whose route is no longer configured is not replayed: `422 INTAKE_NO_ROUTE`, it stays parked.';
const replayed = (description: string, schema: string): JsonObject => json(description, schema, location('The replay: `/admin/v1/messages/{replayId}`.'));

export const adminMessageOperations: AdminOperationTable = {
  'GET /admin/v1/messages': {
    operationId: 'adminSearchMessages',
    summary: 'Search the journal\'s messages',
    description: `Newest first, \`limit\` per page, paged by \`cursor\`. Each filter parameter narrows the search; a parameter that is none of them is refused, with every bad parameter at once. A summary never holds the payload.`,
    parameters: [...Object.entries(FILTER_PROPERTIES).map(([name, { description, ...schema }]) => query(name, schema, description as string)), ...paging],
    responses: { 200: json('A page of summaries.', 'MessagePage') },
    errors: QUERY_ERRORS,
  },
  'GET /admin/v1/messages/:id': {
    operationId: 'adminGetMessage',
    summary: 'One message\'s whole story',
    description: 'The summary with every hop of its history, the evidence of each time it was parked (code, detail, the destination\'s last answer; never the stored body), its SIR exchanges and the replays made from it. Not audited.',
    pathParameters: { id: MESSAGE_ID },
    responses: { 200: json('The message.', 'MessageDetail') },
    errors: NOT_FOUND,
  },
  'GET /admin/v1/messages/:id/payload': {
    operationId: 'adminGetMessagePayload',
    summary: 'A message\'s payload (audited)',
    description: 'The payload as journaled: the citizen\'s data. Every read writes a `view-payload` audit record naming the operator.',
    pathParameters: { id: MESSAGE_ID },
    responses: { 200: json('The payload.', 'MessagePayload') },
    errors: NOT_FOUND,
  },
  'GET /admin/v1/failures': {
    operationId: 'adminGetFailures',
    summary: 'What is failing now',
    description: 'Messages still parked, grouped by route and the code they were parked with, the number parked in all, and deliveries that could not even be decoded (counted, not replayable). Takes no query parameter.',
    responses: { 200: json('The failures.', 'Failures') },
    errors: QUERY_ERRORS,
  },
  'GET /admin/v1/in-flight': {
    operationId: 'adminGetInFlight',
    summary: 'What is in flight, and what is stuck',
    description: 'Messages being delivered now, and messages `received`, `queued` or `delivering` with no change for more than `stuckAfter` seconds; oldest first, at most 200 of each, each with its age.',
    parameters: [query('stuckAfter', upTo(7 * 24 * 3600, 300), 'Seconds without a change after which a moving message counts as stuck (up to a week).')],
    responses: { 200: json('In flight and stuck.', 'InFlight') },
    errors: QUERY_ERRORS,
  },
  'GET /admin/v1/audit': {
    operationId: 'adminListAudit',
    summary: 'The audit of operator actions',
    description: 'Newest first, paged like the search. Every operator action writes one record in the same transaction as the action (replays, discards, bulk replays and their cancellation, payload reads, operator tokens created or revoked); records are never updated. The values of an edit\'s diff are shown to `admin` tokens only (`"[redacted]"` to the others).',
    parameters: [
      query('action', { enum: [...AUDIT_ACTIONS] }),
      query('operator', { type: 'string', minLength: 1, maxLength: 200 }, 'An operator name, exactly.'),
      query('messageId', { type: 'string', minLength: 1, maxLength: 200 }, 'A message id: its own records, and those of the bulk replays whose selection held it; or a job id: that job\'s.'),
      ...paging,
    ],
    responses: { 200: json('A page of audit records.', 'AuditPage') },
    errors: QUERY_ERRORS,
  },
  'POST /admin/v1/messages/:id/replay': {
    operationId: 'adminReplayMessage',
    summary: 'Replay a parked message',
    description: [
      'In one transaction the original becomes `replayed` and a new message is journaled (`replayOf` the original; its tenant, route, type, correlation id, payload and Identificador_Intercambio, so SIR sees the same exchange again), with the audit record; only then is it published.',
      `${REPLAY_ONCE} ${LIVE_ROUTE}`,
    ].join('\n\n'),
    pathParameters: { id: MESSAGE_ID },
    requestBody: body('ReasonRequest', false),
    responses: { 202: replayed('Replayed; `Location` is the replay.', 'ReplayAnswer') },
    errors: [...BODY_ERRORS, ...NOT_FOUND, Errors.ADMIN_NOT_REPLAYABLE, Errors.INTAKE_NO_ROUTE],
  },
  'POST /admin/v1/messages/:id/edit-and-replay': {
    operationId: 'adminEditAndReplayMessage',
    summary: 'Replay a parked message with a corrected payload',
    description: [
      'The corrected payload is checked as intake checks a new one (the canonical schema of its type, the business rules, the route\'s transform as a dry run); it must change something, and nothing a replay must keep (a registry entry\'s `/control/exchangeId` and `/origin/office`). Any problem: `400 ADMIN_INVALID_PAYLOAD` with every problem in `errors`, and nothing is written.',
      `Then it is replayed like \`POST …/replay\`, the RFC 6902 diff from the original in the answer and in the audit record; an edited registry entry takes the registry number the correction carries. ${REPLAY_ONCE} ${LIVE_ROUTE}`,
    ].join('\n\n'),
    pathParameters: { id: MESSAGE_ID },
    requestBody: body('EditAndReplayRequest', true),
    responses: { 202: replayed('Replayed with the correction; `Location` is the replay.', 'EditReplayAnswer') },
    errors: [...BODY_ERRORS, Errors.ADMIN_INVALID_PAYLOAD, ...NOT_FOUND, Errors.ADMIN_NOT_REPLAYABLE, Errors.INTAKE_NO_ROUTE],
  },
  'POST /admin/v1/messages/:id/discard': {
    operationId: 'adminDiscardMessage',
    summary: 'Discard a parked message',
    description: '`parked` becomes `discarded` (final, like `delivered`), with a hop and the audit record holding the reason, in one transaction. `409 ADMIN_NOT_REPLAYABLE` unless the message is `parked`.',
    pathParameters: { id: MESSAGE_ID },
    requestBody: body('DiscardRequest', true),
    responses: { 200: json('Discarded.', 'Discarded') },
    errors: [...BODY_ERRORS, ...NOT_FOUND, Errors.ADMIN_NOT_REPLAYABLE],
  },
};
