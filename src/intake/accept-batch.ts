import { createHash } from 'node:crypto';
import { charsetOf } from '../../adapters';
import { Errors, PasarelaError } from '../core/errors';
import type { Adapter, DecodedMessage, ItemRef } from '../core/plugin';
import { tenantOf } from './auth';
import { type BatchItemAnswer, mapLimit, refusal } from './batch-items';
import { type CheckedItem, checkItem, commitItem, decodeBody, type IntakeContext, type IntakeInput } from './accept-steps';
import { type Accepted, type IdempotencyClaim, priorAnswer, requestHash } from './idempotency';

export type { BatchItemAnswer } from './batch-items';

/**
 * Accepting a batch (`POST /v1/registry-entries/batch`: a CSV registry book export, a JSON
 * array), as named steps: decode, check every item, look up earlier answers (nothing written
 * yet), then commit the rest.
 *
 * - Atomic (the default, `intake.batch.atomic`; `?atomic=false` per request): one invalid item, or
 *   one whose key was used for something else, refuses the whole batch before anything is written
 *   (400 INTAKE_BATCH_REFUSED listing every bad item). Otherwise the valid items are accepted and
 *   the answer is 207 with both kinds.
 * - Every item has an idempotency key derived from the batch's: the client's Idempotency-Key, or
 *   without one the hash of the body itself. Re-posting the same batch after a 503 therefore
 *   accepts the missing items and replays the others, and posting the same file twice queues each
 *   entry once. Derived keys start with a control character no client key can hold, so they never
 *   meet a client's own.
 * - A retryable failure of any item (broker, journal) answers 503 for the batch, with the items
 *   already queued listed: post it again.
 */

export const DEFAULT_BATCH_MAX_ITEMS = 1000;
/** Items journaled and published at once: confirms overlap without flooding the journal. */
const COMMIT_CONCURRENCY = 8;

export interface BatchAnswer {
  /** 202 every item accepted; 207 some refused (non-atomic). */
  httpStatus: 202 | 207;
  accepted: number;
  refused: number;
  items: BatchItemAnswer[];
}

type Positioned = CheckedItem & { ref: ItemRef; claim: IdempotencyClaim };

export async function acceptBatch(ctx: IntakeContext, input: IntakeInput, atomic: boolean): Promise<BatchAnswer> {
  const tenant = tenantOf(ctx.config.tenants, input.key);
  const { adapter, items } = decodeBody(ctx, input, true);
  limitCount(ctx, items);
  const batchKey = batchKeyOf(input, adapter);
  const checked = items.map((decoded) => tryCheck(decoded, () => positioned(checkItem(ctx, tenant, input.key, decoded), decoded, batchKey)));
  refuseIfInvalid(checked.filter(isRefused), items.length, atomic);
  // Earlier answers of the same keys, before anything is written: a key used for something else
  // refuses an atomic batch whole, like an invalid item.
  const looked = await mapLimit(checked, COMMIT_CONCURRENCY, (c) => (isRefused(c) ? c : lookUp(ctx, input, c)));
  refuseIfUnavailable(looked);
  refuseIfInvalid(looked.filter((l): l is BatchItemAnswer => isRefused(l) && l.errors !== undefined), items.length, atomic);
  const answers = await mapLimit(looked, COMMIT_CONCURRENCY, (l) => (isPending(l) ? commit(ctx, input, adapter, l) : l));
  refuseIfUnavailable(answers);
  const refused = answers.filter((a) => a.errors).length;
  if (atomic && refused) {
    throw new PasarelaError(Errors.INTAKE_BATCH_CONFLICT, `${refused} item(s) were refused after others were accepted`, { details: { items: answers } });
  }
  return { httpStatus: refused ? 207 : 202, accepted: answers.length - refused, refused, items: answers };
}

function limitCount(ctx: IntakeContext, items: DecodedMessage[]): void {
  const max = ctx.config.intake?.batch?.maxItems ?? DEFAULT_BATCH_MAX_ITEMS;
  if (items.length > max) throw new PasarelaError(Errors.INTAKE_BATCH_TOO_LARGE, `The batch holds ${items.length} items; at most ${max} are taken per request`);
  if (items.length === 0) throw new PasarelaError(Errors.INTAKE_BATCH_REFUSED, 'The batch holds no items', { details: { items: [] } });
}

/** The client's key, or the hash of what was posted; `\x1f` keeps both apart from client keys. */
function batchKeyOf(input: IntakeInput, adapter: Adapter<any>): string {
  if (input.idempotencyKey) return `\x1fkey:${createHash('sha256').update(input.idempotencyKey).digest('hex').slice(0, 40)}`;
  return `\x1fbody:${requestHash({ adapter: adapter.name, charset: charsetOf(input.contentType), body: input.body }).slice(0, 40)}`;
}

function positioned(item: CheckedItem, decoded: DecodedMessage, batchKey: string): Positioned {
  const ref = decoded.ref ?? {};
  const position = ref.line !== undefined ? `line${ref.line}` : `item${ref.index ?? 0}`;
  const hash = createHash('sha256').update(JSON.stringify(decoded.payload)).digest('hex');
  return { ...item, ref, claim: { key: `${batchKey}:${position}`, requestHash: hash } };
}

type Checked = Positioned | BatchItemAnswer;
/** An item looked up: still to commit, or answered (replayed or refused). */
type Looked = (Positioned & { pending: true }) | BatchItemAnswer;

function isRefused(c: Checked | Looked): c is BatchItemAnswer {
  return !('entry' in c);
}

function isPending(l: Looked): l is Positioned & { pending: true } {
  return 'pending' in l;
}

function tryCheck(decoded: DecodedMessage, check: () => Positioned): Checked {
  try {
    return check();
  } catch (e) {
    return refusal(decoded.ref ?? {}, e);
  }
}

async function lookUp(ctx: IntakeContext, input: IntakeInput, item: Positioned): Promise<Looked> {
  try {
    const prior = await priorAnswer(ctx.journal, input.key.tenant, item.claim);
    return prior ? answered(item.ref, prior) : { ...item, pending: true };
  } catch (e) {
    return refusal(item.ref, e);
  }
}

async function commit(ctx: IntakeContext, input: IntakeInput, adapter: Adapter<any>, item: Positioned): Promise<BatchItemAnswer> {
  try {
    return answered(item.ref, await commitItem(ctx, { ...input, idempotencyKey: undefined }, adapter, item, item.claim));
  } catch (e) {
    return refusal(item.ref, e);
  }
}

function answered(ref: ItemRef, a: Accepted): BatchItemAnswer {
  return { ...ref, id: a.id, status: a.status, ...(a.replayed && { replayed: true }) };
}

function refuseIfInvalid(invalid: BatchItemAnswer[], total: number, atomic: boolean): void {
  if (invalid.length && (atomic || invalid.length === total)) {
    throw new PasarelaError(Errors.INTAKE_BATCH_REFUSED, `${invalid.length} of ${total} item(s) are not valid; nothing was accepted`, { details: { items: invalid } });
  }
}

/** Any retryable item failure (broker, journal, a key still in flight) makes the batch a 503: post it again. */
function refuseIfUnavailable(answers: (BatchItemAnswer | Looked)[]): void {
  const failed = answers.filter((a) => isRefused(a) && a.retryable);
  if (failed.length === 0) return;
  const items = answers.map((a) => (isPending(a) ? { ...a.ref, status: 'not-attempted' as const } : a));
  throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, `${failed.length} item(s) could not be queued; post the same batch again (items already queued are not queued twice)`, {
    details: { items },
  });
}
