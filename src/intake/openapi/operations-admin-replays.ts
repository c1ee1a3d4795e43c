import { Errors } from '../../core/errors';
import { REPLAY_ITEM_STATES } from '../../journal/operations';
import { MAX_JOB_ITEMS } from '../../journal/ops/jobs';
import { BODY_ERRORS, body, json, location, NOT_FOUND, query, QUERY_ERRORS, upTo, type AdminOperationTable } from './operations-admin';
import { DRY_RUN_SAMPLE } from './schemas-admin';
import type { JsonObject } from './types';

/** Bulk replays (routes-replays.ts, replay-runner.ts, journal/ops/jobs.ts): dry run, start, progress, items, cancel. */

const JOB_ID = 'The replay job id.';
const job = (description: string, headers?: JsonObject): JsonObject => json(description, 'ReplayJob', headers);

export const adminReplayOperations: AdminOperationTable = {
  'POST /admin/v1/replays': {
    operationId: 'adminStartBulkReplay',
    summary: 'Replay parked messages in bulk, or dry-run it',
    description: [
      `With \`dryRun: true\`: how many parked messages the job would take (at most \`limit\`) and the first ${DRY_RUN_SAMPLE} of them, oldest first as the job would take them; nothing changes (200).`,
      `Otherwise the selection is frozen now (the parked messages matching \`filter\`, oldest first, at most \`limit\`, else ${MAX_JOB_ITEMS}; messages parked later are not in it) and the job is worked through in the background, resumable, paced at \`ratePerSecond\` when given (202, \`Location\` of the job). Each message is replayed once, however many jobs or single replays meet it: one no longer parked when its turn comes is \`skipped\`, one whose route is gone is \`failed\` and stays parked.`,
      'Only parked messages are replayed: a `status` other than `parked` is refused, as is a filter field it does not know (a typo can never widen a replay), with `400 ADMIN_BAD_REQUEST`. The filter is required, so a job never takes everything by omission; an empty one (`{}`) says "every parked message".',
    ].join('\n\n'),
    requestBody: body('BulkReplayRequest', false),
    responses: {
      200: json('The dry run: what the job would take.', 'DryRun'),
      202: job('The job, started (`completed` at once when it selected nothing); `Location` is the job.', location('The job: `/admin/v1/replays/{id}`.')),
    },
    errors: BODY_ERRORS,
  },
  'GET /admin/v1/replays': {
    operationId: 'adminListReplayJobs',
    summary: 'The newest bulk replay jobs',
    description: 'The newest 100 jobs, newest first, with their progress. Takes no query parameter.',
    responses: { 200: json('The jobs.', 'ReplayJobList') },
    errors: QUERY_ERRORS,
  },
  'GET /admin/v1/replays/:id': {
    operationId: 'adminGetReplayJob',
    summary: 'One bulk replay job and its progress',
    description: '`total`, `replayed`, `skipped`, `failed` and `remaining`; `GET …/items?state=failed` says which messages failed, and why.',
    pathParameters: { id: JOB_ID },
    responses: { 200: job('The job.') },
    errors: NOT_FOUND,
  },
  'GET /admin/v1/replays/:id/items': {
    operationId: 'adminListReplayItems',
    summary: 'What a bulk replay job did with each message',
    description: 'The messages of its frozen selection in the job\'s order (`seq`), only those in `state` when given, `limit` per page after the `seq` given as `after` (the previous page\'s `nextAfter`). `note` says why one was skipped or failed.',
    pathParameters: { id: JOB_ID },
    parameters: [
      query('state', { enum: [...REPLAY_ITEM_STATES] }),
      query('limit', upTo(1000, 100), 'Items per page, 1 to 1000.'),
      query('after', upTo(MAX_JOB_ITEMS), 'The last `seq` of the previous page (its `nextAfter`).'),
    ],
    responses: { 200: json('A page of items.', 'ReplayItems') },
    errors: [...QUERY_ERRORS, ...NOT_FOUND],
  },
  'POST /admin/v1/replays/:id/cancel': {
    operationId: 'adminCancelReplayJob',
    summary: 'Cancel a running bulk replay job',
    description: '`running` becomes `cancelled`, with its audit record; the job stops between steps, and what was replayed stays replayed. `409 ADMIN_JOB_NOT_RUNNING` if it was not running.',
    pathParameters: { id: JOB_ID },
    requestBody: body('ReasonRequest', false),
    responses: { 200: job('The job, now `cancelled`.') },
    errors: [...BODY_ERRORS, ...NOT_FOUND, Errors.ADMIN_JOB_NOT_RUNNING],
  },
};
