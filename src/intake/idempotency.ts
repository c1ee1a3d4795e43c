import { createHash } from 'node:crypto';
import { Errors, isPasarelaError, PasarelaError } from '../core/errors';
import type { Journal, MessageStatus } from '../journal/journal';

/**
 * `Idempotency-Key` at intake, per tenant: a repeated key answers the original message's id and
 * current status and publishes nothing; the same key with a different request is refused (422).
 * A key whose message was never accepted (`rejected`: the publish failed) is freed, so the
 * client's retry is taken as new.
 */

/** What intake answers for a POST: a new message, or the replay of an earlier one. */
export interface Accepted {
  id: string;
  status: MessageStatus;
  /** True when the answer repeats an earlier request's (header `Idempotent-Replayed: true`). */
  replayed: boolean;
}

/** The key a request carries and the hash of that request. */
export interface IdempotencyClaim {
  key: string;
  requestHash: string;
  /** The same request's hash as stored before issue 6, computed only when the stored one differs. */
  legacyHash?: () => string | undefined;
}

export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;
/** Visible ASCII (0x21-0x7E); spaces only inside (HTTP trims them at the ends anyway). */
const KEY_SHAPE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * The header's key, or undefined without one. Anything else is refused, never trimmed or
 * shortened: two different keys must never become one.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header === 'string' && header.length <= IDEMPOTENCY_KEY_MAX_LENGTH && KEY_SHAPE.test(header)) return header;
  // The key is not echoed: it is client text of unknown content.
  throw new PasarelaError(Errors.INTAKE_BAD_IDEMPOTENCY_KEY, `Send an Idempotency-Key of 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`, {
    problems: [{ pointer: '/headers/idempotency-key', code: 'IDEMPOTENCY_KEY_FORMAT', message: `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters` }],
  });
}

/** What a request asks for, as far as its answer depends on it. */
export interface RequestFacts {
  /** The adapter that decodes it (chosen by media type or `?format=`). */
  adapter: string;
  /** The Content-Type's charset: the same bytes in another encoding are another entry. */
  charset?: string;
  /** What the URL names beyond the body (the expediente of `/v1/expedientes/{id}/status`). */
  target?: string;
  body: Buffer | undefined;
}

/**
 * SHA-256 hex of the adapter, the charset, the URL's target and the raw body bytes: the same
 * bytes re-sent to the same URL give the same hash. Without a target, the v2 form stored since issue 6.
 */
export function requestHash(r: RequestFacts): string {
  const head = r.target === undefined ? `v2\n${r.adapter}\n${r.charset ?? ''}\n` : `v3\n${r.adapter}\n${r.charset ?? ''}\n${r.target}\n`;
  return createHash('sha256')
    .update(head, 'utf8')
    .update(r.body ?? Buffer.alloc(0))
    .digest('hex');
}

/**
 * The hash stored before issue 6, for keys a client may still be retrying across the upgrade:
 * media type, then the JSON body as parsed and re-serialised (any other body as bytes).
 */
export function legacyRequestHash(contentType: string | undefined, body: Buffer | undefined): string | undefined {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const hash = createHash('sha256').update(media, 'utf8').update('\n', 'utf8');
  if (media !== 'application/json') return hash.update('bytes\n', 'utf8').update(body ?? Buffer.alloc(0)).digest('hex');
  try {
    return hash.update('json\n', 'utf8').update(JSON.stringify(JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'))), 'utf8').digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * What an earlier request with the same key settles for this one: its replay, a refusal
 * (INTAKE_IDEMPOTENCY_KEY_REUSED), or undefined to go on as new (no earlier request, or one never
 * accepted, whose key this frees). An earlier request still in flight (`received`: journaled, not
 * yet confirmed by the broker) is answered 409 with Retry-After, never 202: it may still fail.
 */
export async function priorAnswer(journal: Journal, tenant: string, claim: IdempotencyClaim): Promise<Accepted | undefined> {
  const row = await journal.findByIdempotencyKey(tenant, claim.key);
  if (!row) return undefined;
  if (row.status === 'rejected') {
    await journal.releaseIdempotencyKey(row.id);
    return undefined;
  }
  return replayOf(row, claim);
}

/**
 * Insert through `insert`; when it loses the race for the key to a concurrent request
 * (JOURNAL_CONFLICT), answer as that request's repeat. Resolves undefined when this request won.
 */
export async function insertOnce(journal: Journal, tenant: string, claim: IdempotencyClaim | undefined, insert: () => Promise<void>): Promise<Accepted | undefined> {
  try {
    await insert();
    return undefined;
  } catch (e) {
    if (!claim || !isPasarelaError(e) || e.code !== Errors.JOURNAL_CONFLICT.code) throw e;
    const row = await journal.findByIdempotencyKey(tenant, claim.key);
    // The winner was rejected and its key freed in between: this request is not accepted either.
    if (!row || row.status === 'rejected') {
      throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'A concurrent request with this Idempotency-Key was not accepted; try again', { cause: e });
    }
    return replayOf(row, claim);
  }
}

function replayOf(row: { id: string; status: MessageStatus; requestHash: string | null }, claim: IdempotencyClaim): Accepted {
  // A row without a hash predates hashing: the key alone identifies it.
  if (row.requestHash !== null && row.requestHash !== claim.requestHash && row.requestHash !== claim.legacyHash?.()) {
    throw new PasarelaError(Errors.INTAKE_IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different request; use a new key', {
      problems: [{ pointer: '/headers/idempotency-key', code: 'IDEMPOTENCY_KEY_REUSED', message: 'was used for a different request' }],
    });
  }
  if (row.status === 'received') {
    throw new PasarelaError(Errors.INTAKE_IDEMPOTENCY_IN_PROGRESS, 'The first request with this Idempotency-Key is still being queued; try again shortly', {
      details: { messageId: row.id },
    });
  }
  return { id: row.id, status: row.status, replayed: true };
}
