import { createHash } from 'node:crypto';
import { Errors, PasarelaError } from '../core/errors';
import type { DecodedMessage, ItemRef } from '../core/plugin';
import type { MessageStatus } from '../journal/journal';
import { tenantOf } from './auth';
import { type CheckedItem, checkItem, commitItem, decodeBody, type IntakeContext, type IntakeInput } from './accept-steps';
import { type Accepted, type IdempotencyClaim, priorAnswer } from './idempotency';

/**
 * Accepting a batch (`POST /v1/registry-entries/batch`: a CSV registry book export, a JSON
 * array), as named steps: decode, check every item (nothing written), then commit the valid ones.
 *
 * - Atomic (the default, `intake.batch.atomic`; `?atomic=false` per request): one invalid item
 *   refuses the whole batch (400 INTAKE_BATCH_REFUSED listing every bad item) before anything is
 *   written. Otherwise the valid items are accepted and the answer is 207 with both kinds.
 * - With an Idempotency-Key, item N's key is `<key>#<line or index>` (its hash: the item's
 *   payload), so re-posting the same batch after a 503 accepts the missing items and replays
 *   the others: each entry queued exactly once.
 */

export const DEFAULT_BATCH_MAX_ITEMS = 1000;
/** Items journaled and published at once: confirms overlap without flooding the journal. */
const COMMIT_CONCURRENCY = 8;

export interface BatchItemAnswer extends ItemRef {
  id?: string;
  status?: MessageStatus;
  replayed?: boolean;
  code?: string;
  errors?: { pointer: string; code: string; detail: string }[];
}

export interface BatchAnswer {
  /** 202 every item accepted; 207 some refused (non-atomic). */
  httpStatus: 202 | 207;
  accepted: number;
  refused: number;
  items: BatchItemAnswer[];
}

export async function acceptBatch(ctx: IntakeContext, input: IntakeInput, atomic: boolean): Promise<BatchAnswer> {
  const tenant = tenantOf(ctx.config.tenants, input.key);
  const { adapter, items } = decodeBody(ctx, input, true);
  limitCount(ctx, items);
  const checked = items.map((decoded) => tryCheck(() => checkItem(ctx, tenant, input.key, decoded), decoded));
  const invalid = checked.filter(isRefused);
  if (invalid.length && (atomic || invalid.length === items.length)) {
    throw new PasarelaError(Errors.INTAKE_BATCH_REFUSED, `${invalid.length} of ${items.length} item(s) are not valid; nothing was accepted`, {
      details: { items: invalid },
    });
  }
  const answers = await mapLimit(checked, COMMIT_CONCURRENCY, (c) =>
    isRefused(c) ? Promise.resolve(c) : commit(ctx, input, adapter, c),
  );
  const unavailable = answers.filter((a) => a.code === Errors.INTAKE_UNAVAILABLE.code || a.code === Errors.INTAKE_IDEMPOTENCY_IN_PROGRESS.code);
  if (unavailable.length) {
    throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, `${unavailable.length} item(s) could not be queued; post the batch again with the same Idempotency-Key`, {
      details: { items: answers },
    });
  }
  const refused = answers.filter((a) => a.errors).length;
  return { httpStatus: refused ? 207 : 202, accepted: answers.length - refused, refused, items: answers };
}

function limitCount(ctx: IntakeContext, items: DecodedMessage[]): void {
  const max = ctx.config.intake?.batch?.maxItems ?? DEFAULT_BATCH_MAX_ITEMS;
  if (items.length > max) throw new PasarelaError(Errors.INTAKE_BATCH_TOO_LARGE, `The batch holds ${items.length} items; at most ${max} are taken per request`);
  if (items.length === 0) throw new PasarelaError(Errors.INTAKE_BATCH_REFUSED, 'The batch holds no items', { details: { items: [] } });
}

type Checked = (CheckedItem & { ref: ItemRef }) | BatchItemAnswer;

function isRefused(c: Checked): c is BatchItemAnswer {
  return !('entry' in c);
}

function tryCheck(check: () => CheckedItem, decoded: DecodedMessage): Checked {
  const ref = decoded.ref ?? {};
  try {
    return { ...check(), ref };
  } catch (e) {
    return refusal(ref, e);
  }
}

async function commit(ctx: IntakeContext, input: IntakeInput, adapter: Parameters<typeof commitItem>[2], item: CheckedItem & { ref: ItemRef }): Promise<BatchItemAnswer> {
  try {
    const claim = itemClaim(input.idempotencyKey, item);
    const accepted: Accepted = (claim && (await priorAnswer(ctx.journal, input.key.tenant, claim))) || (await commitItem(ctx, input, adapter, item, claim));
    return { ...item.ref, id: accepted.id, status: accepted.status, ...(accepted.replayed && { replayed: true }) };
  } catch (e) {
    return refusal(item.ref, e);
  }
}

function itemClaim(batchKey: string | undefined, item: CheckedItem & { ref: ItemRef }): IdempotencyClaim | undefined {
  if (!batchKey) return undefined;
  const position = item.ref.line !== undefined ? `line${item.ref.line}` : `item${item.ref.index ?? 0}`;
  const hash = createHash('sha256').update(JSON.stringify(item.decoded.payload)).digest('hex');
  return { key: `${batchKey}#${position}`, requestHash: hash };
}

function refusal(ref: ItemRef, e: unknown): BatchItemAnswer {
  const err = e instanceof PasarelaError ? e : new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'Unexpected error; the item was not accepted', { cause: e });
  const errors = err.problems.length
    ? err.problems.map((p) => ({ pointer: p.pointer, code: p.code, detail: p.message }))
    : [{ pointer: '', code: err.code, detail: err.message }];
  return { ...ref, code: err.code, errors };
}

/** Run `fn` over `items` with at most `limit` at once, answers in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
