import { Errors } from '../../core/errors';
import { intakeRequestBody } from './bodies';
import { BATCH_ERRORS, DECODE_ERRORS, ENTRY_ERRORS, TENANT_ERRORS } from './problems';
import { ref, type JsonObject, type OperationTable } from './types';

/** POST /v1/registry-entries and /batch (registry-routes.ts, accept.ts, accept-batch.ts). */

const json = (schema: JsonObject, extra: JsonObject = {}): JsonObject => ({ content: { 'application/json': { schema, ...extra } } });

const accepted: JsonObject = {
  description: 'Accepted: the journal row exists and the broker confirmed the publish. Also the answer to a repeated Idempotency-Key (with `Idempotent-Replayed: true`), with the original `id` and its current `status`.',
  headers: { Location: ref('headers', 'Location'), 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed') },
  ...json(ref('schemas', 'Accepted'), { examples: { queued: { value: { id: '0199c1b2-7c3e-7a10-9d2f-3b4c5d6e7f80', status: 'queued' } } } }),
};

export const registryOperations: OperationTable = {
  'POST /v1/registry-entries': {
    operationId: 'postRegistryEntry',
    tag: 'registry entries',
    summary: 'Post one registry entry (asiento registral)',
    description: [
      'Decodes the body with the adapter its `Content-Type` (or `?format=`) selects, validates it (JSON Schema, then business rules: identity documents, DIR3 codes, dates, annex hashes), checks the key may act for the entry\'s origin office and unit, builds the SICRES fichero once as a dry run, journals the entry and publishes it with a broker confirm; only then answers 202.',
      'pasarela assigns the `Identificador_Intercambio`; an entry that already carries one is refused. Send an `Idempotency-Key` to make retries safe.',
    ].join('\n\n'),
    parameters: [ref('parameters', 'Format'), ref('parameters', 'IdempotencyKey')],
    requestBody: intakeRequestBody(false),
    responses: { 202: accepted },
    errors: [...TENANT_ERRORS, ...DECODE_ERRORS, ...ENTRY_ERRORS],
  },
  'POST /v1/registry-entries/batch': {
    operationId: 'postRegistryEntryBatch',
    tag: 'registry entries',
    summary: 'Post many registry entries (CSV registry book, JSON array)',
    description: [
      'Every item is decoded and checked before anything is written.',
      'Atomic (the default, `intake.batch.atomic`; `?atomic=` per request): one invalid item refuses the whole batch with `400 INTAKE_BATCH_REFUSED`, whose `items` lists every bad item with its `line` (CSV) or `index` (JSON) and `errors`. Non-atomic (`?atomic=false`): the valid items are accepted and the answer is `207` with both kinds.',
      `More than \`intake.batch.maxItems\` items: \`413 ${Errors.INTAKE_BATCH_TOO_LARGE.code}\`. With an \`Idempotency-Key\`, item N carries the key \`<key>#line<N>\` (or \`#item<N>\`): re-posting the same batch after a 503 replays the items already queued and accepts only the missing ones.`,
    ].join('\n\n'),
    parameters: [ref('parameters', 'Format'), ref('parameters', 'Atomic'), ref('parameters', 'IdempotencyKey')],
    requestBody: intakeRequestBody(true),
    responses: {
      202: { description: 'Every item was accepted.', ...json(ref('schemas', 'BatchAnswer')) },
      207: { description: 'Non-atomic batch: some items accepted, some refused (each item says which).', ...json(ref('schemas', 'BatchAnswer')) },
    },
    errors: [...TENANT_ERRORS, ...DECODE_ERRORS, ...BATCH_ERRORS],
  },
};
