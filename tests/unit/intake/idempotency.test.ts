import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import { Errors, PasarelaError } from '../../../src/core/errors';
import { IDEMPOTENCY_KEY_MAX_LENGTH, insertOnce, legacyRequestHash, parseIdempotencyKey, priorAnswer, requestHash } from '../../../src/intake/idempotency';
import { codeOf } from '../../helpers/errors';
import { FakeJournal, TEST_KEY } from './fakes';

function refusal(header: string | string[]): PasarelaError {
  try {
    parseIdempotencyKey(header);
  } catch (e) {
    if (e instanceof PasarelaError) return e;
    throw e;
  }
  throw new Error('expected the header to be refused');
}

describe('the Idempotency-Key header', () => {
  it('is optional', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it('is taken as sent when it has 1 to 200 visible ASCII characters', () => {
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('order 42/2026:"x"')).toBe('order 42/2026:"x"');
    const longest = 'k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH);
    expect(parseIdempotencyKey(longest)).toBe(longest);
  });

  it('is refused, not shortened, when it is longer than 200 characters', () => {
    const e = refusal('k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1));
    expect(e.code).toBe(Errors.INTAKE_BAD_IDEMPOTENCY_KEY.code);
    expect(e.status).toBe(400);
    expect(e.problems).toEqual([expect.objectContaining({ pointer: '/headers/idempotency-key', code: 'IDEMPOTENCY_KEY_FORMAT' })]);
  });

  it.each([
    ['no characters', ''],
    ['a control character', 'abc\tdef'],
    ['a newline', 'abc\ndef'],
    ['DEL', 'abc\x7fdef'],
    ['non-ASCII characters', 'clave-año'],
    ['a leading space', ' abc'],
    ['a trailing space', 'abc '],
  ])('is refused with %s', (_what, header) => {
    expect(refusal(header).code).toBe('INTAKE_BAD_IDEMPOTENCY_KEY');
  });

  it('is refused when the request carries it as a list', () => {
    expect(refusal(['a', 'b']).code).toBe('INTAKE_BAD_IDEMPOTENCY_KEY');
  });
});

describe('the request hash', () => {
  const body = Buffer.from(JSON.stringify({ origin: { office: 'O00009001' }, subject: 'x', annexes: [1, 2] }));
  const facts = { adapter: 'canonical-json', body };

  it('is the SHA-256 hex of the request', () => {
    expect(requestHash(facts)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same bytes sent again', () => {
    expect(requestHash({ ...facts, body: Buffer.from(body) })).toBe(requestHash(facts));
  });

  it('differs when the body, the adapter or the charset differs', () => {
    const base = requestHash(facts);
    expect(requestHash({ ...facts, body: Buffer.concat([body, Buffer.from(' ')]) })).not.toBe(base);
    expect(requestHash({ ...facts, adapter: 'simple-entry' })).not.toBe(base);
    // The same bytes read as Windows-1252 instead of UTF-8 are another entry.
    expect(requestHash({ ...facts, charset: 'windows-1252' })).not.toBe(base);
  });

  it('keeps the pre-issue-6 hash for JSON bodies as parsed, so retries across the upgrade still replay', () => {
    const spaced = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
    expect(legacyRequestHash('Application/JSON; charset=utf-8', spaced)).toBe(legacyRequestHash('application/json', body));
    expect(legacyRequestHash('application/xml', body)).not.toBe(legacyRequestHash('application/json', body));
    expect(legacyRequestHash('application/json', Buffer.from('{'))).toBeUndefined();
  });
});

describe('a key stored before issue 6', () => {
  it('replays a retry whose pre-issue-6 hash matches, and still refuses a different request', async () => {
    const journal = new FakeJournal(TEST_KEY);
    const body = Buffer.from('{"a": 1}');
    const stored = envelopeWith('old-key');
    await journal.insertMessage({ envelope: stored, route: 'r', requestHash: legacyRequestHash('application/json', body) });
    await journal.transition(stored.id, 'queued', { event: 'queued', outcome: 'ok' });
    const claimFor = (b: Buffer) => ({ key: 'old-key', requestHash: requestHash({ adapter: 'canonical-json', body: b }), legacyHash: () => legacyRequestHash('application/json', b) });
    expect(await priorAnswer(journal.asJournal(), TEST_KEY.tenant, claimFor(Buffer.from('{"a":1}')))).toEqual({ id: stored.id, status: 'queued', replayed: true });
    expect(await codeOf(priorAnswer(journal.asJournal(), TEST_KEY.tenant, claimFor(Buffer.from('{"a":2}'))))).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
  });
});

describe('a request that loses the race for its key', () => {
  const claim = { key: 'key-1', requestHash: requestHash({ adapter: 'canonical-json', body: Buffer.from('{"a":1}') }) };
  let journal: FakeJournal;
  let winner: Envelope;

  beforeEach(async () => {
    journal = new FakeJournal(TEST_KEY);
    winner = envelopeWith('key-1');
    await journal.insertMessage({ envelope: winner, route: 'r', requestHash: claim.requestHash });
  });

  const insertLoser = () => journal.insertMessage({ envelope: envelopeWith('key-1'), route: 'r', requestHash: claim.requestHash });

  it('is told to try again shortly (409) while the winner is not yet confirmed, never 202', async () => {
    expect(await codeOf(insertOnce(journal.asJournal(), TEST_KEY.tenant, claim, insertLoser))).toBe('INTAKE_IDEMPOTENCY_IN_PROGRESS');
    expect(journal.rows.size).toBe(1);
  });

  it("is answered as a repeat of the winner's request once the winner is queued", async () => {
    await journal.transition(winner.id, 'queued', { event: 'queued', outcome: 'ok' });
    const answer = await insertOnce(journal.asJournal(), TEST_KEY.tenant, claim, insertLoser);
    expect(answer).toEqual({ id: winner.id, status: 'queued', replayed: true });
    expect(journal.rows.size).toBe(1);
  });

  it('is refused with 422 when its request differs from the winner\'s', async () => {
    const other = { key: 'key-1', requestHash: requestHash({ adapter: 'canonical-json', body: Buffer.from('{"a":2}') }) };
    expect(await codeOf(insertOnce(journal.asJournal(), TEST_KEY.tenant, other, insertLoser))).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
  });

  it('is told to try again when the winner was rejected meanwhile', async () => {
    await journal.transition(winner.id, 'rejected', { event: 'publish-failed', outcome: 'error' });
    expect(await codeOf(insertOnce(journal.asJournal(), TEST_KEY.tenant, claim, insertLoser))).toBe('INTAKE_UNAVAILABLE');
  });

  it('passes the conflict on as it is when the request carries no key', async () => {
    expect(await codeOf(insertOnce(journal.asJournal(), TEST_KEY.tenant, undefined, insertLoser))).toBe('JOURNAL_CONFLICT');
  });

  it('is not involved when the insert succeeds', async () => {
    const fresh = () => journal.insertMessage({ envelope: envelopeWith('key-2'), route: 'r' });
    expect(await insertOnce(journal.asJournal(), TEST_KEY.tenant, { ...claim, key: 'key-2' }, fresh)).toBeUndefined();
    expect(journal.rows.size).toBe(2);
  });
});

describe('an earlier request with the same key', () => {
  it('is replayed with a row that predates request hashes', async () => {
    const journal = new FakeJournal(TEST_KEY);
    const old = envelopeWith('key-1');
    await journal.insertMessage({ envelope: old, route: 'r', requestHash: null });
    await journal.transition(old.id, 'delivered', { event: 'delivered', outcome: 'ok' });
    const answer = await priorAnswer(journal.asJournal(), TEST_KEY.tenant, { key: 'key-1', requestHash: 'f'.repeat(64) });
    expect(answer).toEqual({ id: old.id, status: 'delivered', replayed: true });
  });

  it('is nothing when the tenant never used the key', async () => {
    const journal = new FakeJournal(TEST_KEY);
    expect(await priorAnswer(journal.asJournal(), TEST_KEY.tenant, { key: 'key-1', requestHash: 'f'.repeat(64) })).toBeUndefined();
  });
});

function envelopeWith(idempotencyKey: string): Envelope {
  return createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: TEST_KEY.tenant, source: { system: 's', adapter: 'a' }, payload: {}, idempotencyKey });
}
