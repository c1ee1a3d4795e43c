import { FILTER_FIELDS } from '../../admin/filter';
import type { MessageType } from '../../core/envelope';
import { MESSAGE_STATUSES } from '../../journal/journal';
import { AUDIT_ACTIONS, OPERATOR_ROLES, REPLAY_ITEM_STATES, type ReplayJobStatus } from '../../journal/operations';
import { MAX_JOB_ITEMS } from '../../journal/ops/jobs';
import { ref, type JsonObject } from './types';

/**
 * Components for the operators' API under /admin/v1 (src/admin/routes-*.ts, views.ts): the shapes
 * of src/journal/operations.ts as the routes answer them. Requests are closed (the admin API
 * refuses a field it does not know: `400 ADMIN_BAD_REQUEST`); answers stay open, like the rest.
 */

/** Every value of a string union, the compiler checking that none is missing (filter.ts keeps its own list). */
const all = <T extends string>(values: Record<T, true>): T[] => Object.keys(values) as T[];
const MESSAGE_TYPES = all<MessageType>({ 'registry-entry': true, 'sir-control': true, notification: true, 'expediente-status': true, 'sir-fichero': true, 'sir-relay': true, 'tenant-event': true, 'carpeta-push': true });
const JOB_STATUSES = all<ReplayJobStatus>({ running: true, completed: true, cancelled: true });

/** routes-replays.ts: the most `ratePerSecond` may be. */
const MAX_REPLAY_RATE = 10_000;
/** routes-replays.ts: a dry run's sample. */
export const DRY_RUN_SAMPLE = 10;
/** routes-actions.ts: the longest reason. */
const REASON_MAX = 500;

const text = (description: string): JsonObject => ({ type: 'string', description });
const nullable = (type: string, description: string): JsonObject => ({ type: [type, 'null'], description });
const dateTime = (description: string): JsonObject => ({ type: 'string', format: 'date-time', description });
const dateTimeOrNull = (description: string): JsonObject => ({ type: ['string', 'null'], format: 'date-time', description });
const count = (description: string): JsonObject => ({ type: 'integer', minimum: 0, description });
const list = (schema: string, description: string): JsonObject => ({ type: 'array', items: ref('schemas', schema), description });
const object = (required: string[], properties: JsonObject, description?: string): JsonObject => ({
  type: 'object', ...(description !== undefined && { description }), ...(required.length > 0 && { required }), properties,
});
/** A request: every field listed, no other. */
const request = (required: string[], properties: JsonObject, description: string): JsonObject => ({ ...object(required, properties, description), additionalProperties: false });

const status: JsonObject = { enum: [...MESSAGE_STATUSES], description: 'The message status (README, "Statuses").' };
const messageType: JsonObject = { enum: MESSAGE_TYPES, description: 'The message type.' };
const id = (description: string): JsonObject => ({ type: 'string', format: 'uuid', description });

/** filter.ts: 1 to 200 characters, no control character; dates as `isInstant` takes them. */
const plain = (description: string): JsonObject => ({ type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description });
const INSTANT = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';
const instant = (description: string): JsonObject => ({ type: 'string', pattern: INSTANT, description: `${description} ISO-8601, with \`Z\` or an offset (or a date alone).` });

/** The search fields (filter.ts FILTER_FIELDS): the query of `GET /admin/v1/messages` and a bulk replay's `filter`. */
export const FILTER_PROPERTIES: Record<(typeof FILTER_FIELDS)[number], JsonObject> = {
  status,
  route: plain('The route that delivers it.'),
  tenant: plain('DIR3 code of the tenant.'),
  type: messageType,
  from: instant('Created at or after this instant.'),
  to: instant('Created before this instant.'),
  q: plain('A business key: message id, our registry number, Identificador_Intercambio, correlation id, or the registry number the destination gave in its CONFIRMACIÓN.'),
};

/** routes-actions.ts `reasonOf`: trimmed, not blank; line breaks and tabs are fine, other control characters are not. */
const reason = (description: string): JsonObject => ({
  type: 'string', minLength: 1, maxLength: REASON_MAX, pattern: '^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f]*$',
  description: `${description} 1 to ${REASON_MAX} characters, not blank; kept in the audit, never shown to the tenant.`,
});

const MessageFilter: JsonObject = {
  type: 'object', additionalProperties: false, properties: FILTER_PROPERTIES,
  description: 'Which messages: every field given narrows the selection; a field it does not know is refused (`UNKNOWN_FIELD`), so a typo can never widen a bulk replay.',
};

const MessageSummary = object(['id', 'tenant', 'type', 'route', 'status', 'correlationId', 'registryNumber', 'exchangeId', 'attempts', 'replayOf', 'createdAt', 'updatedAt'], {
  id: id('The message id (UUIDv7).'),
  tenant: text('DIR3 code of the tenant (or the Diputación).'),
  type: messageType,
  route: text('The route that delivers it.'),
  status,
  correlationId: text('Follows the message through every system it crosses.'),
  registryNumber: nullable('string', 'Our registry number of the entry.'),
  exchangeId: nullable('string', 'Identificador_Intercambio.'),
  attempts: count('Delivery attempts so far.'),
  replayOf: nullable('string', 'The message this one replays; null unless an operator replayed one as this.'),
  createdAt: dateTime('When it was journaled.'),
  updatedAt: dateTime('Last change.'),
}, 'A message without its payload: what listings show.');

const ParkedEvidence = object(['id', 'code', 'detail', 'lastResponse', 'attempts', 'firstSeenAt', 'parkedAt'], {
  id: text('The evidence record.'),
  code: text('The catalog code it was parked with (SIR_REJECTED, PIPELINE_POISON_MESSAGE…).'),
  detail: text('Short, redacted text.'),
  lastResponse: { description: "The destination's last answer: JSON as it came, text when it was not JSON; null when there was none." },
  attempts: count('Delivery attempts before it was parked.'),
  firstSeenAt: dateTimeOrNull('When the message was first received.'),
  parkedAt: dateTime('When it was parked.'),
}, 'The evidence of one time the message was parked; the stored body is not shown (an admin reads the payload through its own audited endpoint).');

const MessageExchange = object(['direction', 'exchangeId', 'state', 'registryNumber', 'registryDate', 'errorCode', 'resends', 'updatedAt'], {
  direction: { enum: ['outgoing', 'incoming'], description: 'Sent by us, or brought to us by SIR.' },
  exchangeId: text('Identificador_Intercambio.'),
  state: text('The SIR life cycle state: sent, acknowledged, confirmed, error, returned, rejected, unacknowledged, received…'),
  registryNumber: nullable('string', "The destination's registry number, from its CONFIRMACIÓN."),
  registryDate: nullable('string', "The destination's registry date, from its CONFIRMACIÓN."),
  errorCode: nullable('string', 'Codigo_Error of the last ERROR.'),
  resends: count('Times the same fichero was sent again for want of an ACK.'),
  updatedAt: dateTime('Last change.'),
}, 'One SIR exchange of the message.');

const MessageDetail: JsonObject = {
  description: "One message's whole story: the summary, every hop, the parked evidence, the SIR exchanges and the replays made from it.",
  allOf: [ref('schemas', 'MessageSummary'), object(['history', 'parked', 'exchanges', 'replays', 'envios'], {
    history: list('HistoryHop', 'Every hop, oldest first.'),
    parked: list('ParkedEvidence', 'Each time it was parked.'),
    exchanges: list('MessageExchange', 'Its SIR life cycle.'),
    replays: {
      type: 'array', description: 'The replays made from this message, oldest first.',
      items: object(['id', 'status', 'createdAt'], { id: id('The replay.'), status, createdAt: dateTime('When it was made.') }),
    },
    envios: list('MessageEnvio', "A notification's Notific@ envíos, in recipient order (empty for other messages)."),
  })],
};

const MessageEnvio = object(['identificador', 'recipient', 'reference', 'state', 'stateAt', 'final', 'origin', 'certified', 'expiresOn', 'checkedAt', 'updatedAt'], {
  identificador: text("Notific@'s id of the envío."),
  recipient: { type: 'integer', minimum: 1, description: 'Position of its recipient, from 1.' },
  reference: text('The referenciaEmisor pasarela gave it.'),
  state: nullable('string', "Notific@'s estado; null before the first report."),
  stateAt: nullable('string', 'fechaEstado of that state.'),
  final: { type: 'boolean', description: 'Nothing more will happen to it.' },
  origin: nullable('string', 'Where it happened (electronico, sede, postal, carpeta…).'),
  certified: { type: 'boolean', description: 'Its certificate (acuse) is kept. Who received it is citizen data, not shown here.' },
  expiresOn: nullable('string', 'Expiry date Notific@ confirmed after an extension.'),
  checkedAt: nullable('string', 'Last time polling asked Notific@ about it.'),
  updatedAt: dateTime('Last change.'),
}, 'One Notific@ envío of a notification, as operators see it.');

const MessagePayload = object(['id', 'type', 'schemaVersion', 'payload'], {
  id: id('The message id.'), type: messageType, schemaVersion: { type: 'integer', minimum: 1 },
  payload: { description: "The payload as journaled (the citizen's data): for a `registry-entry`, a RegistryEntry." },
});

const FailureGroup = object(['route', 'code', 'count', 'firstSeenAt', 'lastSeenAt', 'lastDetail'], {
  route: text('The route.'), code: text('The code they were parked with.'), count: count('Messages still parked in this group.'),
  firstSeenAt: dateTime('The first time one of them was parked.'), lastSeenAt: dateTime('The last time.'), lastDetail: text('The detail of the latest.'),
});

const Failures = object(['groups', 'total', 'undecodable'], {
  groups: list('FailureGroup', 'Newest first (by `lastSeenAt`); a message parked under two codes is in two groups.'),
  total: count('Parked messages in all (each once).'),
  undecodable: object(['count', 'lastSeenAt'], { count: count('Evidence records.'), lastSeenAt: dateTimeOrNull('The latest.') },
    'Deliveries that could not even be decoded: counted here, with no message to replay or discard.'),
}, 'What is failing now: messages still parked, by route and code.');

const InFlightRow = object(['id', 'route', 'tenant', 'status', 'attempt', 'since', 'ageMs'], {
  id: id('The message id.'), route: text('The route.'), tenant: text('DIR3 code of the tenant.'), status,
  attempt: count('Delivery attempts so far.'), since: dateTime('When it entered its current status.'), ageMs: count('Milliseconds since then.'),
});

const InFlight = object(['stuckAfterSeconds', 'delivering', 'stuck'], {
  stuckAfterSeconds: { type: 'integer', minimum: 1, description: 'The threshold applied.' },
  delivering: list('InFlightRow', 'Being delivered now, oldest first (at most 200).'),
  stuck: list('InFlightRow', '`received`, `queued` or `delivering` with no change for more than the threshold, oldest first (at most 200).'),
});

const PatchOperation = object(['op', 'path'], {
  op: { enum: ['add', 'remove', 'replace'] }, path: text('JSON pointer into the payload.'),
  value: { description: 'The new value; `"[redacted]"` in the audit unless the token is an admin\'s.' },
}, 'One RFC 6902 operation from the original payload to the corrected one.');

const replayStatus: JsonObject = { enum: ['queued', 'received'], description: '`queued`: the broker confirmed the publish; `received`: it did not, the route worker\'s recovery queues it.' };
const ReplayAnswer = object(['id', 'replayId', 'status'], {
  id: id('The original, now `replayed`.'), replayId: id('The replay: a new message, `replayOf` the original.'), status: replayStatus,
});
const EditReplayAnswer: JsonObject = {
  allOf: [ref('schemas', 'ReplayAnswer'), object(['diff'], { diff: list('PatchOperation', 'What the correction changed.') })],
};
const Discarded = object(['id', 'status'], { id: id('The message id.'), status: { const: 'discarded' } });

const ReplayJob = object(['id', 'status', 'filter', 'limit', 'ratePerSecond', 'reason', 'total', 'replayed', 'skipped', 'failed', 'remaining', 'createdBy', 'createdAt', 'updatedAt', 'finishedAt'], {
  id: id('The job id.'),
  status: { enum: JOB_STATUSES, description: '`running` until every item is settled (`completed`) or it is cancelled.' },
  filter: ref('schemas', 'MessageFilter'),
  limit: nullable('integer', 'The most it was to take; null: no limit given.'),
  ratePerSecond: nullable('number', 'The pace; null: as fast as the journal allows.'),
  reason: nullable('string', 'As given.'),
  total: count('Messages in its frozen selection.'),
  replayed: count('Replayed so far.'),
  skipped: count('No longer parked when their turn came.'),
  failed: count('Not replayed (their route is gone, or the replay kept failing): still parked.'),
  remaining: count('Not settled yet.'),
  createdBy: text("The operator's name."),
  createdAt: dateTime('When it was started.'),
  updatedAt: dateTime('Last change.'),
  finishedAt: dateTimeOrNull('When it completed or was cancelled.'),
}, 'A bulk replay job and its progress.');

const ReplayItem = object(['seq', 'messageId', 'state', 'replayId', 'note'], {
  seq: { type: 'integer', minimum: 1, description: "1, 2, 3…: the job's order." },
  messageId: id('A message of the selection.'),
  state: { enum: [...REPLAY_ITEM_STATES] },
  replayId: nullable('string', 'Its replay, once replayed.'),
  note: nullable('string', 'Why it was skipped or failed.'),
});

const ReplayItems = object(['items', 'nextAfter'], {
  items: list('ReplayItem', 'In `seq` order.'),
  nextAfter: nullable('integer', 'Pass back as `after` for the next page; null on the last one.'),
});

const DryRun = object(['count', 'sample'], {
  count: count('How many the job would take now.'),
  sample: { ...list('MessageSummary', 'The first of them, oldest first, as the job would take them.'), maxItems: DRY_RUN_SAMPLE },
}, 'What a bulk replay would take; nothing changed.');

const AuditRecord = object(['id', 'at', 'operator', 'action', 'messageId', 'jobId', 'filter', 'count', 'reason', 'diff'], {
  id: id('The record (UUIDv7).'),
  at: dateTime('When.'),
  operator: object(['id', 'name', 'role'], { id: text('The operator id (`local` for the command line on the host).'), name: text('A label, not unique.'), role: { enum: [...OPERATOR_ROLES] } }),
  action: { enum: [...AUDIT_ACTIONS] },
  messageId: nullable('string', 'The message acted on.'),
  jobId: nullable('string', 'The bulk replay job.'),
  filter: { anyOf: [ref('schemas', 'MessageFilter'), { type: 'null' }], description: "A bulk replay's filter." },
  count: nullable('integer', 'How many messages the action concerned.'),
  reason: nullable('string', 'As given.'),
  diff: { type: ['array', 'null'], items: ref('schemas', 'PatchOperation'), description: 'edit-and-replay: the RFC 6902 diff from the original payload.' },
}, 'One operator action, written in the same transaction as the action; never updated.');

const page = (item: string, description: string): JsonObject => object(['items', 'nextCursor'], {
  items: list(item, 'Newest first.'),
  nextCursor: nullable('string', 'Pass back as `cursor` for the next page; null on the last one.'),
}, description);

const ReasonRequest = request([], { reason: reason('Why.') }, 'An optional reason; the body may be left out.');
const DiscardRequest = request(['reason'], { reason: reason('Why it is discarded.') }, 'The reason is required.');
const EditAndReplayRequest = request(['payload', 'reason'], {
  payload: { description: "The corrected payload, whole, for the message's type and schema version (a `registry-entry`: a RegistryEntry)." },
  reason: reason('Why.'),
}, 'The corrected payload and why.');

const BulkReplayRequest = request(['filter'], {
  filter: {
    allOf: [ref('schemas', 'MessageFilter'), { type: 'object', properties: { status: { const: 'parked' } } }],
    description: 'Which parked messages; `status`, if given, must be `parked`. Absent or empty: every parked message.',
  },
  dryRun: { type: 'boolean', description: '`true`: only say what the job would take.' },
  limit: { type: 'integer', minimum: 1, maximum: MAX_JOB_ITEMS, description: `The most it takes, oldest first (${MAX_JOB_ITEMS} when absent).` },
  ratePerSecond: { type: 'number', exclusiveMinimum: 0, maximum: MAX_REPLAY_RATE, description: 'Replays per second at most; absent: as fast as the journal allows.' },
  reason: reason('Why.'),
}, 'A bulk replay of parked messages, or its dry run.');

export const adminSchemas: Record<string, JsonObject> = {
  MessageFilter, MessageSummary, ParkedEvidence, MessageExchange, MessageDetail, MessageEnvio, MessagePayload, FailureGroup, Failures, InFlightRow, InFlight,
  PatchOperation, ReplayAnswer, EditReplayAnswer, Discarded, ReplayJob, ReplayItem, ReplayItems, DryRun, AuditRecord,
  MessagePage: page('MessageSummary', 'A page of the search.'),
  AuditPage: page('AuditRecord', 'A page of the audit.'),
  ReplayJobList: object(['items'], { items: list('ReplayJob', 'The newest 100 jobs, newest first.') }),
  ReasonRequest, DiscardRequest, EditAndReplayRequest, BulkReplayRequest,
};
